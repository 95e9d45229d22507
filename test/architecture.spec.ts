import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
const LIBRARY = path.join(SRC, 'cognito');

/**
 * The library's rooms and what each may import (besides itself). Dependencies point one way:
 * jwt ← revocation ← oauth ← session ← {bearer, hosted-ui}; errors, http, options, cookies and the constants
 * are leaves; the module files at the top wire everything.
 */
const ALLOWED: Record<string, readonly string[]> = {
  'cognito.constants': [],
  errors: [],
  http: [],
  store: ['errors'],
  options: ['errors', 'store'],
  cookies: ['options', 'errors'],
  jwt: ['errors', 'options', 'cognito.constants'],
  revocation: ['store', 'errors', 'jwt'],
  oauth: ['revocation', 'store', 'jwt', 'errors', 'options', 'cognito.constants'],
  session: ['oauth', 'jwt', 'cookies', 'http', 'store', 'errors', 'options', 'cognito.constants'],
  bearer: ['session', 'oauth', 'jwt', 'http', 'errors', 'options', 'cognito.constants'],
  decorators: ['bearer', 'jwt', 'cognito.constants'],
  swagger: [],
  'hosted-ui': ['bearer', 'decorators', 'session', 'revocation', 'oauth', 'cookies', 'http', 'store', 'jwt', 'errors', 'options', 'cognito.constants'],
};
/** Files at the top of src/cognito that wire the rooms together; nothing inside a room imports them. */
const TOP = ['index', 'cognito.module', 'cognito.providers', 'passport-registration'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Relative imports of a file (static, dynamic and type-only), resolved to .ts paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)].map((match) =>
    path.resolve(path.dirname(file), match[1]!).replace(/\.js$/, '.ts'),
  );
}

/** The room of a library file: its folder under src/cognito, or its own name at the top. */
function roomOf(file: string): string {
  const relative = path.relative(LIBRARY, file);
  const [first, ...rest] = relative.split(path.sep);
  return rest.length > 0 ? first! : first!.replace(/\.ts$/, '');
}

const libraryEdges = sourceFiles(LIBRARY).flatMap((file) => importsOf(file).map((target) => ({ file, target })));

describe('architecture: the import graph of src/cognito', () => {
  it('knows every room and top-level file', () => {
    const rooms = new Set(sourceFiles(LIBRARY).map(roomOf));
    expect([...rooms].filter((room) => !(room in ALLOWED) && !TOP.includes(room))).toEqual([]);
  });

  it('has no upward edge: each room imports only the rooms below it', () => {
    const upward = libraryEdges
      .filter(({ file, target }) => roomOf(file) !== roomOf(target) && !TOP.includes(roomOf(file)))
      .filter(({ file, target }) => !(ALLOWED[roomOf(file)] ?? []).includes(roomOf(target)))
      .map(({ file, target }) => `${path.relative(SRC, file)} -> ${path.relative(SRC, target)}`);
    expect(upward).toEqual([]);
  });

  it('has no cycle between rooms', () => {
    const graph = new Map<string, Set<string>>();
    for (const { file, target } of libraryEdges) {
      const [from, to] = [roomOf(file), roomOf(target)];
      if (from !== to) graph.set(from, (graph.get(from) ?? new Set()).add(to));
    }
    const cycles: string[] = [];
    const visit = (room: string, trail: string[]) => {
      if (trail.includes(room)) return void cycles.push([...trail.slice(trail.indexOf(room)), room].join(' -> '));
      for (const next of graph.get(room) ?? []) visit(next, [...trail, room]);
    };
    for (const room of graph.keys()) visit(room, []);
    expect(cycles).toEqual([]);
  });

  it('the main door never loads an optional peer: swagger has its own entry, graphql and websockets load lazily', () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const target of importsOf(file)) visit(target);
    };
    visit(path.join(LIBRARY, 'index.ts'));
    const eager = [...seen].filter((file) => /from\s+['"](@nestjs\/swagger|@nestjs\/graphql|graphql|@nestjs\/websockets|@nestjs\/platform-[\w-]+)['"]/.test(readFileSync(file, 'utf8')));
    expect(eager.map((file) => path.relative(SRC, file))).toEqual([]);
    expect([...seen].some((file) => roomOf(file) === 'swagger')).toBe(false);
  });

  it('stays inside src/cognito: no import of the demo or of the local identity provider', () => {
    const outside = libraryEdges.filter(({ target }) => !target.startsWith(LIBRARY + path.sep)).map(({ file, target }) => `${path.relative(SRC, file)} -> ${path.relative(SRC, target)}`);
    expect(outside).toEqual([]);
  });

  it('the local identity provider shares no code with the library', () => {
    const shared = sourceFiles(path.join(SRC, 'local-cognito'))
      .flatMap((file) => importsOf(file).map((target) => ({ file, target })))
      .filter(({ target }) => !target.startsWith(path.join(SRC, 'local-cognito') + path.sep))
      .map(({ file, target }) => `${path.relative(SRC, file)} -> ${path.relative(SRC, target)}`);
    expect(shared).toEqual([]);
  });
});
