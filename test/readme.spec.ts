import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Inside the repository, so the snippets resolve the same node_modules as the library.
const DIR = path.join(ROOT, '.readme-snippets');

/** The package's entry points, as the snippets import them, mapped to the sources. */
const ENTRIES: Record<string, string> = {
  'nest-cognito': 'src/cognito/index.js',
  'nest-cognito/local': 'src/local-cognito/index.js',
  'nest-cognito/swagger': 'src/cognito/swagger/index.js',
};

interface Snippet {
  file: string;
  line: number;
  code: string;
}

/** Every ```ts block of the README, named by a first-line `// name.ts` comment or by its place. */
function snippets(): Snippet[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match, index) => {
    const code = match[1]!;
    const named = /^\/\/ ([\w.-]+\.ts)\n/.exec(code)?.[1];
    const line = readme.slice(0, match.index).split('\n').length;
    return { file: named ?? `snippet-${String(index + 1).padStart(2, '0')}.ts`, line, code };
  });
}

function withSources(code: string): string {
  return code.replace(/from '(nest-cognito(?:\/\w+)?)'/g, (whole, entry: string) => {
    const target = ENTRIES[entry];
    return target ? `from '${path.relative(DIR, path.join(ROOT, target)).replace(/\\/g, '/')}'` : whole;
  });
}

const all = snippets();

/** The README's TypeScript, compiled as a user's strict project would and then run, so that it stays true. */
describe('README snippets', () => {
  beforeAll(() => {
    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(DIR, { recursive: true });
    for (const snippet of all) writeFileSync(path.join(DIR, snippet.file), `// README.md line ${snippet.line}\n${withSources(snippet.code)}`);
    writeFileSync(
      path.join(DIR, 'tsconfig.json'),
      JSON.stringify({ extends: '../tsconfig.json', compilerOptions: { noEmit: true, noUnusedLocals: false, rootDir: '..' }, include: ['*.ts'] }),
    );
  });
  afterAll(() => {
    rmSync(DIR, { recursive: true, force: true });
  });

  it('has snippets, each with its own file name', () => {
    expect(all.length).toBeGreaterThan(10);
    expect(new Set(all.map((s) => s.file)).size).toBe(all.length);
  });

  it('every snippet compiles (strict TypeScript, the package entry points)', () => {
    let output = '';
    try {
      execFileSync(path.join(ROOT, 'node_modules/.bin/tsc'), ['-p', path.join(DIR, 'tsconfig.json')], { encoding: 'utf8' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe('');
  });

  for (const snippet of all) {
    it(`${snippet.file} (README.md line ${snippet.line}) runs`, async () => {
      await import(pathToFileURL(path.join(DIR, snippet.file)).href);
    });
  }
});
