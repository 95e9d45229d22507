import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The package as users get it: `npm pack` of a clean copy of this repository, installed into a
 * fresh ESM Nest 12 app (test/package/.consumer-app) on another @nestjs/core than our lock, that
 * compiles with the strictest options and answers HTTP, GraphQL and socket.io on Express and Fastify.
 * The app's folder starts with a dot so that this repository's own tsconfig leaves it alone.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const APP_SOURCE = join(import.meta.dirname, '.consumer-app');
const CONSUMER_NEST = '12.4.2';
const SETUP_TIMEOUT = 600_000;
const run = promisify(execFile);

// Not copied: what a clean checkout does not have. node_modules is linked, for the build's tools.
const NOT_COPIED = new Set(['node_modules', 'dist', 'dist-bench', '.git', 'coverage', '.local-cognito']);

// npm tells the scripts it runs where their project is; the npm we run must find its own.
const npmEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^(npm_(package_|lifecycle_|command$|config_local_prefix$)|INIT_CWD$)/.test(name)),
);

type LocalCognitoKit = typeof import('../../src/local-cognito/index.js');
type LocalCognito = Awaited<ReturnType<LocalCognitoKit['LocalCognito']['start']>>;

interface PackResult {
  filename: string;
  files: { path: string }[];
}

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

let work: string;
let app: string;
let packed: PackResult;
let tscOutput: string;
let idp: LocalCognito;
let accessToken: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'nest-cognito-consumer-'));
  const repo = join(work, 'repo');
  cpSync(ROOT, repo, { recursive: true, filter: (source) => !NOT_COPIED.has(relative(ROOT, source)) });
  symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'), 'dir');
  // prepack runs `npm run build` on the copy.
  const pack = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: repo, env: npmEnv, maxBuffer: 16 * 1024 * 1024 });
  [packed] = JSON.parse(pack.stdout) as [PackResult];
  renameSync(join(work, packed.filename), join(work, 'nest-cognito.tgz'));

  app = join(work, 'app');
  cpSync(APP_SOURCE, app, { recursive: true });
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: app, env: npmEnv, maxBuffer: 16 * 1024 * 1024 });
  // tsc emits despite type errors; the tests below read its report.
  tscOutput = await run(join(app, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: app }).then(
    ({ stdout }) => stdout,
    (error: { stdout?: string }) => error.stdout ?? String(error),
  );

  const kitPath = createRequire(join(app, 'package.json')).resolve('nest-cognito/local');
  const { LocalCognito } = (await import(pathToFileURL(kitPath).href)) as LocalCognitoKit;
  idp = await LocalCognito.start({ port: 0 });
  ({ access_token: accessToken } = await idp.issueTokens({ username: 'alice', clientId: 'localwebclient' }));
}, SETUP_TIMEOUT);

afterAll(async () => {
  await idp?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the package', () => {
  it('holds the library, the local Cognito and its bin, their types and maps, and the example files; not the demo', () => {
    const files = packed.files.map((file) => file.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        '.env.example',
        'local-cognito.example.json',
        'dist/cognito/index.js',
        'dist/cognito/index.d.ts',
        'dist/cognito/index.js.map',
        'dist/local-cognito/index.js',
        'dist/local-cognito/index.d.ts',
        'dist/local-cognito/main.js',
      ]),
    );
    expect(files.filter((file) => !/^dist\/(cognito|local-cognito)\//.test(file)).sort()).toEqual([
      '.env.example',
      'README.md',
      'local-cognito.example.json',
      'package.json',
    ]);
  });

  it('has source maps that carry their sources, since src/ is not shipped', () => {
    const dist = join(app, 'node_modules/nest-cognito/dist');
    const maps = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js.map'));
    expect(maps.length).toBeGreaterThan(50);
    for (const map of maps) {
      const { sources, sourcesContent } = JSON.parse(readFileSync(join(dist, map), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      expect({ map, embedded: sourcesContent?.filter((content) => typeof content === 'string').length }).toEqual({ map, embedded: sources.length });
    }
  });

  it(`installs into an app on @nestjs/core ${CONSUMER_NEST} without a Nest, Express or Fastify of its own`, () => {
    const { packages } = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
    const copies = (name: string) => Object.keys(packages).filter((path) => path.endsWith(`node_modules/${name}`));
    expect(copies('@nestjs/core')).toEqual(['node_modules/@nestjs/core']);
    expect(copies('@nestjs/common')).toEqual(['node_modules/@nestjs/common']);
    expect(packages['node_modules/@nestjs/core']?.version).toBe(CONSUMER_NEST);

    const installedFor = [...dependencyClosure(packages, 'node_modules/nest-cognito')].map(packageName);
    expect(installedFor).toContain('passport-jwt');
    expect(installedFor.filter((name) => /^(@nestjs\/(common|core|platform-.*|websockets)|express|fastify|graphql|rxjs|reflect-metadata)$/.test(name))).toEqual([]);
  });

  it('runs the nest-cognito-local bin from the installed package', async () => {
    const { stdout } = await run('npm', ['exec', '--offline', '--', 'nest-cognito-local', '--help'], { cwd: app, env: npmEnv });
    expect(stdout).toContain('Usage: nest-cognito-local [options]');
  });
});

/** TypeScript's report, by where each error is: nest-cognito's main entry, its local kit, or anything else. */
function typeErrors(where: 'cognito' | 'local-cognito' | 'elsewhere'): string[] {
  const errors = tscOutput.split('\n').filter((line) => /error TS\d+/.test(line));
  const inPackage = (line: string, entry: string) => line.startsWith(`node_modules/nest-cognito/dist/${entry}/`);
  if (where === 'elsewhere') return errors.filter((line) => !inPackage(line, 'cognito') && !inPackage(line, 'local-cognito'));
  return errors.filter((line) => inPackage(line, where));
}

describe('the types, in an app with strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess and skipLibCheck: false', () => {
  it('compile: the app and the packages it uses besides nest-cognito', () => {
    expect(typeErrors('elsewhere')).toEqual([]);
  });

  it('compile: nest-cognito', () => {
    expect(typeErrors('cognito')).toEqual([]);
  });

  it('compile: nest-cognito/local', () => {
    expect(typeErrors('local-cognito')).toEqual([]);
  });
});

describe.each(['express', 'fastify'] as const)('an app on %s', (platform) => {
  let server: RunningApp;
  let url: string;

  beforeAll(async () => {
    server = await startApp(app, platform, { COGNITO_SETTINGS: JSON.stringify(idp.settingsFor('localwebclient')) });
    url = server.url;
  });

  afterAll(() => server?.stop());

  it('lets a valid access token through a CognitoGuard route', async () => {
    const response = await fetch(`${url}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ username: 'alice' });
  });

  it('refuses a request without a token with a 401 and a Bearer challenge', async () => {
    const response = await fetch(`${url}/me`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="cognito"');
    expect(await response.json()).toEqual({ statusCode: 401, error: 'unauthorized', reason: 'missing_token', message: expect.any(String) });
  });

  it('mounts the hosted-UI routes, which redirect to the identity provider', async () => {
    const response = await fetch(`${url}/auth/sign-in`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(new RegExp(`^${idp.url}/oauth2/authorize\\?`));
  });

  it('answers a guarded GraphQL query with @Claims()', async () => {
    const response = await graphql(url, '{ me }', accessToken);
    expect(await response.json()).toEqual({ data: { me: 'alice' } });
  });

  it('refuses a GraphQL query without a token with an UNAUTHENTICATED error', async () => {
    const { data, errors } = (await (await graphql(url, '{ me }')).json()) as { data: unknown; errors: { extensions: unknown }[] };
    expect(data).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors[0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', statusCode: 401, error: 'unauthorized', reason: 'missing_token' });
  });

  it('answers a guarded socket.io message with @Claims() for a client that sent auth: { token }', async () => {
    const socket = io(url, { auth: { token: accessToken }, transports: ['websocket'] });
    try {
      expect(await socket.emitWithAck('whoami')).toBe('alice');
    } finally {
      socket.close();
    }
  });

  it('answers a socket.io message without a token with an exception event', async () => {
    const socket: Socket = io(url, { transports: ['websocket'] });
    try {
      const exception = new Promise((received) => socket.once('exception', received));
      socket.emit('whoami');
      expect(await exception).toEqual({ statusCode: 401, error: 'unauthorized', reason: 'missing_token', message: expect.any(String) });
    } finally {
      socket.close();
    }
  });

  // A refused GraphQL query must not be logged at ERROR with its stack (Nest logs every exception
  // that is not an IntrinsicException), nor any other refusal.
  it('logs none of the refusals as errors (read once the app has stopped and its output ended)', async () => {
    const { stderr } = await server.stop();
    expect(stderr).not.toContain('no bearer token');
  });
});

interface RunningApp {
  url: string;
  /** Stops the app (SIGTERM) and waits for the end of its output. */
  stop(): Promise<{ stderr: string }>;
}

/** Starts the compiled app (`node dist/main.js <platform>`) and waits until it listens. */
function startApp(dir: string, platform: string, env: Record<string, string>): Promise<RunningApp> {
  const child: ChildProcess = spawn(process.execPath, ['dist/main.js', platform], { cwd: dir, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = new Promise<number | null>((done) => child.once('close', (code) => done(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await closed;
    return { stderr };
  };
  return new Promise((ready, fail) => {
    child.stdout!.on('data', () => {
      const match = /listening on (\S+)/.exec(stdout);
      if (match) ready({ url: match[1]!, stop });
    });
    void closed.then((code) => fail(new Error(`the ${platform} app exited with ${code} before listening:\n${stdout}${stderr}`)));
  });
}

function graphql(url: string, query: string, token?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  return fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query }) });
}

/** Every package path a lock entry pulls in through its dependencies (not its peers), found as Node finds them. */
function dependencyClosure(packages: Record<string, LockEntry>, from: string): Set<string> {
  const seen = new Set<string>();
  const pending = [from];
  while (pending.length > 0) {
    const path = pending.pop()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const entry = packages[path] ?? {};
    for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      const found = resolveInLock(packages, path, name);
      if (found !== undefined) pending.push(found);
    }
  }
  return seen;
}

function resolveInLock(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  for (let base = from; ; ) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (candidate in packages) return candidate;
    if (base === '') return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

function packageName(path: string): string {
  return path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
}
