import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import { CookieSealer } from '../src/cognito/cookies/cookie-sealer.js';
import { readyPort, stopChild } from './child-server.js';
import { startRedis } from './redis.js';
import {
  MAIN_KID,
  MEMORY_KID,
  RESULT_TAG,
  SESSION_SECRET,
  median,
  newSigningKey,
  rotated,
  serveJwks,
  type BenchConfig,
  type SigningKey,
} from './common.js';

/**
 * `npm run bench [-- --quick]`: mints the tokens, serves the JWKS on 127.0.0.1, runs each
 * measurement in child processes (so one core runs the code under test and the other this
 * process, the load generator and the token minting), then prints one table and, for a full
 * run, writes it to bench/results.md.
 */
const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const POOL_SIZE = 12_000; // above the verified-token cache's default 10,000: cycling it always misses
const MEMORY_TOKENS = quick ? 100_000 : 1_000_000;
const HTTP = quick
  ? { connections: 10, warmup: 1, seconds: 1.5, rounds: 2 }
  : { connections: 10, warmup: 2, seconds: 3, rounds: 5 };
const STARTUP_SPAWNS = quick ? 2 : 5;

const children = new Set<ChildProcess>();
const watchdog = setTimeout(
  () => {
    console.error('bench: over its time budget, stopping');
    for (const child of children) child.kill('SIGKILL');
    process.exit(1);
  },
  (quick ? 4 : 10) * 60_000,
);
watchdog.unref();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

/** Signs batches of distinct tokens on two worker threads. */
class Minter {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, (text: string) => void>();
  private serial = 0;

  constructor(key: SigningKey, threads = 2) {
    this.workers = Array.from({ length: threads }, () => {
      const worker = new Worker(here('./mint-worker.js'), { workerData: { privateKeyPem: key.privateKeyPem, kid: key.kid } });
      worker.on('message', ({ id, text }: { id: number; text: string }) => {
        this.waiting.get(id)!(text);
        this.waiting.delete(id);
      });
      worker.on('error', (error) => {
        console.error(error);
        process.exit(1);
      });
      return worker;
    });
  }

  /** `count` tokens, one per line. */
  mint(count: number): Promise<string> {
    const id = this.serial++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.workers[id % this.workers.length].postMessage({ id, count });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

interface ChildRun {
  child: ChildProcess;
  result: Promise<any>;
}

/** Runs a bench child; its result is the JSON it reports on its tagged line. */
function runChild(script: string, config: BenchConfig, options: { args?: string[]; nodeArgs?: string[]; stdin?: boolean } = {}): ChildRun {
  const child = track(
    spawn(process.execPath, [...(options.nodeArgs ?? []), here(script), ...(options.args ?? [])], {
      env: { ...process.env, BENCH_CONFIG: JSON.stringify(config) },
      stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'inherit'],
    }),
  );
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const result = new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      const line = output.split('\n').find((l) => l.startsWith(RESULT_TAG));
      if (code === 0 && line) resolve(JSON.parse(line.slice(RESULT_TAG.length)));
      else reject(new Error(`${script} exited with ${code}`));
    });
  });
  return { child, result };
}

interface Server {
  child: ChildProcess;
  port: number;
  /** ms from spawn() to READY */
  readyAfter: number;
  started: number;
}

/** Starts an HTTP contender and resolves once it listens. */
function startServer(variant: string, config: BenchConfig, sampleClaims: string): Promise<Server> {
  const started = performance.now();
  const child = track(
    spawn(process.execPath, [here('./server.js'), variant], {
      env: { ...process.env, BENCH_CONFIG: JSON.stringify(config), BENCH_SAMPLE_CLAIMS: sampleClaims },
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  return readyPort(child, `server ${variant}`).then((port) => ({ child, port, readyAfter: performance.now() - started, started }));
}

const stopServer = (server: Server) => stopChild(server.child);

function request(port: number, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/', headers: { authorization: `Bearer ${token}` }, agent: false }, (res) => {
      res.resume().on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

/** CPU seconds a process has used so far (user + system), from /proc; NaN where there is none. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in USER_HZ ticks
  } catch {
    return Number.NaN;
  }
}

interface Load {
  rate: number;
  /** Share of one core the server used, and this process (the load generator). Near 1.0 for the server means it, not the generator, is the limit. */
  serverCpu: number;
  generatorCpu: number;
}

/** Requests per second answered 2xx; anything else fails the bench, since it would not be the path we mean to measure. */
async function load(server: Server, seconds: number, token: string | (() => string), cookie?: string): Promise<Load> {
  const port = server.port;
  const requests =
    cookie !== undefined
      ? [{ method: 'GET' as const, path: '/', headers: { cookie } }]
      : typeof token === 'string'
      ? [{ method: 'GET' as const, path: '/', headers: { authorization: `Bearer ${token}` } }]
      : [
          {
            method: 'GET' as const,
            path: '/',
            setupRequest: (req: any) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${token()}` } }),
          },
        ];
  const serverBefore = cpuSeconds(server.child.pid!);
  const generatorBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const result = (await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: HTTP.connections,
    pipelining: 1,
    duration: seconds,
    requests,
  } as autocannon.Options)) as autocannon.Result & Record<string, number>;
  if (result.non2xx || result.errors || result.timeouts) {
    throw new Error(`port ${port}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  const wall = (performance.now() - wallBefore) / 1000;
  const generator = process.cpuUsage(generatorBefore);
  return {
    rate: result['2xx'] / result.duration,
    serverCpu: (cpuSeconds(server.child.pid!) - serverBefore) / wall,
    generatorCpu: (generator.user + generator.system) / 1e6 / wall,
  };
}

function cycle(tokens: string[]): () => string {
  let next = 0;
  return () => {
    const token = tokens[next];
    next = next + 1 === tokens.length ? 0 : next + 1;
    return token;
  };
}

function gitRevision(): string {
  try {
    const run = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return `${run('rev-parse', '--short', 'HEAD')}${run('status', '--porcelain', '--', 'src').length > 0 ? ' (src/ modified)' : ''}`;
  } catch {
    return 'an unknown commit';
  }
}

// ---------------------------------------------------------------------------------------------

interface Row {
  section: string;
  contender: string;
  tokens: string;
  value: string;
  ratio: string;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const MICRO_NAMES: Record<string, string> = {
  raw: '`node:crypto` `verify` of the RS256 signature alone (the limit)',
  ours: 'ours: `CognitoJwtVerifier.verify`',
  'ours-uncached': 'ours: `CognitoJwtVerifier.verify`, `verifiedTokenCacheSize: 0`',
  'ours-strategy': 'ours: `CognitoJwtStrategy`, driven as Passport does',
  'aws-jwt-verify': 'aws-jwt-verify `CognitoJwtVerifier.verify` (JWKS via `cacheJwks`)',
  jose: 'jose `jwtVerify` + `createLocalJWKSet`',
  'passport-jwt': 'stock passport-jwt + jwks-rsa `passportJwtSecret`, end to end',
};
const HTTP_NAMES: Record<string, string> = {
  unguarded: '`GET /` unguarded (baseline)',
  cognito: '`GET /` with our `CognitoGuard`',
  'cognito-redis': '`GET /` with our `CognitoGuard`, revocation list on Redis (`redisUrl`)',
  session: '`GET /` with our `CognitoGuard`, session mode (token in the encrypted cookie)',
  'unguarded@fastify': 'Fastify: `GET /` unguarded (baseline of the Fastify rows)',
  'cognito@fastify': 'Fastify: `GET /` with our `CognitoGuard`',
  passport: "`GET /` with stock `AuthGuard('jwt')` + `passportJwtSecret`",
  'signature-only': '`GET /` with a guard doing `crypto.verify` of the signature only (reference: the ceiling)',
};

async function main(): Promise<void> {
  const machine = `${cpus()[0]?.model.trim() ?? 'unknown cpu'}, ${cpus().length} cores, ${fmt(totalmem() / 2 ** 30, 1)} GiB, ${platform()} ${release()}, Node ${process.version}`;
  log(`${quick ? 'quick' : 'full'} run on ${machine}`);
  const loadAtStart = loadavg()[0];
  if (loadAtStart > 0.7) log(`warning: load average ${loadAtStart.toFixed(2)}: something else is running, the figures will be noisy`);
  const revision = gitRevision();

  const mainKey = newSigningKey(MAIN_KID, 2048);
  const memoryKey = newSigningKey(MEMORY_KID, 1024);
  const jwks = await serveJwks([mainKey, memoryKey]);
  const work = mkdtempSync(join(tmpdir(), 'nest-cognito-bench-'));
  process.on('exit', () => rmSync(work, { recursive: true, force: true }));

  log(`minting ${fmt(POOL_SIZE + 1)} RS256 tokens`);
  const minter = new Minter(mainKey);
  const half = POOL_SIZE / 2;
  const tokenText = (await Promise.all([minter.mint(half), minter.mint(half), minter.mint(1)])).join('');
  await minter.close();
  const tokensFile = join(work, 'tokens.txt');
  writeFileSync(tokensFile, tokenText);
  const pool = tokenText.trim().split('\n');
  const repeated = pool.pop()!;
  const sampleClaims = Buffer.from(repeated.split('.')[1], 'base64url').toString('utf8');
  const redis = await startRedis();
  process.env.BENCH_REDIS_URL = redis.url;
  process.on('exit', () => redis.stop());
  const config: BenchConfig = { quick, jwksUri: jwks.jwksUri, tokensFile, memoryTokens: MEMORY_TOKENS };
  const rows: Row[] = [];

  // 1. Micro --------------------------------------------------------------------------------
  log('micro: verifications per second, one core');
  const micro = await runChild('./micro.js', config).result;
  const microOrder = Object.keys(MICRO_NAMES);
  const microRows = (micro.rows as { id: string; tokens: string; opsPerSec: number; ratio: number }[]).sort(
    (a, b) => microOrder.indexOf(a.id) - microOrder.indexOf(b.id),
  );
  for (const tokens of ['distinct', 'repeated']) {
    for (const r of microRows) {
      if (r.tokens !== tokens) continue;
      rows.push({
        section: '1 micro',
        contender: MICRO_NAMES[r.id],
        tokens: tokens === 'distinct' ? `${fmt(micro.poolSize)} distinct, cycled` : 'one repeated',
        value: `${fmt(r.opsPerSec)} /s`,
        ratio: r.ratio.toFixed(2),
      });
    }
  }
  const microRatio = (id: string, tokens: string) => micro.rows.find((r: any) => r.id === id && r.tokens === tokens).ratio as number;

  // 2. HTTP ---------------------------------------------------------------------------------
  log(`http: autocannon, ${HTTP.connections} connections, ${HTTP.rounds} rounds of ${HTTP.seconds}s per contender`);
  const kinds = ['repeated', 'distinct'] as const;
  // The signature-only reference only means something when every token is new.
  const plan: Record<(typeof kinds)[number], string[]> = {
    repeated: ['unguarded', 'cognito', 'cognito-redis', 'session', 'passport', 'unguarded@fastify', 'cognito@fastify'],
    distinct: ['unguarded', 'cognito', 'cognito-redis', 'passport', 'signature-only', 'unguarded@fastify', 'cognito@fastify'],
  };
  // Each platform's rows are measured against that platform's unguarded app.
  const baselineOf = (variant: string) => (variant.endsWith('@fastify') ? 'unguarded@fastify' : 'unguarded');
  const servers = new Map<string, Server>();
  for (const variant of new Set([...plan.distinct, ...plan.repeated])) servers.set(variant, await startServer(variant, config, sampleClaims));
  // The session contender reads the same repeated token from its encrypted cookie.
  const sessionCookie = `cognito_session.0=${await new CookieSealer([SESSION_SECRET], 'session').seal({ a: repeated, r: 'unused' }, 3600)}`;
  const cookieFor = (variant: string) => (variant === 'session' ? sessionCookie : undefined);
  // Each server keeps its own place in the pool, so that it never sees a token again sooner than POOL_SIZE requests later.
  const cursors = new Map(plan.distinct.map((v) => [v, cycle(pool)]));
  const tokenFor = (variant: string, kind: string) => (kind === 'repeated' ? repeated : cursors.get(variant)!);
  for (const kind of kinds) for (const variant of plan[kind]) await load(servers.get(variant)!, HTTP.warmup, tokenFor(variant, kind), cookieFor(variant));
  const httpRates = new Map<string, number[]>();
  const httpRatios = new Map<string, number[]>();
  const httpCpu = new Map<string, { server: number[]; generator: number[] }>();
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => (map.get(key) ?? map.set(key, []).get(key)!).push(value);
  for (let round = 0; round < HTTP.rounds; round++) {
    for (const kind of kinds) {
      const measured = new Map<string, number>();
      for (const variant of rotated(plan[kind], round)) {
        const result = await load(servers.get(variant)!, HTTP.seconds, tokenFor(variant, kind), cookieFor(variant));
        measured.set(variant, result.rate);
        const cpu = httpCpu.get(`${variant}/${kind}`) ?? httpCpu.set(`${variant}/${kind}`, { server: [], generator: [] }).get(`${variant}/${kind}`)!;
        cpu.server.push(result.serverCpu);
        cpu.generator.push(result.generatorCpu);
      }
      for (const variant of plan[kind]) {
        push(httpRates, `${variant}/${kind}`, measured.get(variant)!);
        push(httpRatios, `${variant}/${kind}`, measured.get(variant)! / measured.get(baselineOf(variant))!);
      }
    }
    log(`http: round ${round + 1}/${HTTP.rounds} done`);
  }
  for (const server of servers.values()) await stopServer(server);
  const httpRatio = (variant: string, kind: string) => median(httpRatios.get(`${variant}/${kind}`)!);
  for (const kind of kinds) {
    for (const variant of plan[kind]) {
      const key = `${variant}/${kind}`;
      rows.push({
        section: '2 http',
        contender: HTTP_NAMES[variant],
        tokens: kind === 'distinct' ? `${fmt(POOL_SIZE)} distinct, cycled` : 'one repeated',
        value: `${fmt(median(httpRates.get(key)!))} req/s (CPU: app ${fmt(100 * median(httpCpu.get(key)!.server))}%, autocannon ${fmt(100 * median(httpCpu.get(key)!.generator))}%)`,
        ratio: httpRatio(variant, kind).toFixed(2),
      });
    }
  }

  // 3. Memory -------------------------------------------------------------------------------
  log(`memory: ${fmt(MEMORY_TOKENS)} distinct tokens through our verifier`);
  const memoryRun = runChild('./memory.js', config, { nodeArgs: ['--expose-gc'], stdin: true });
  const memoryMinter = new Minter(memoryKey);
  const batch = 1000;
  const batches = MEMORY_TOKENS / batch;
  const queue: Promise<string>[] = [];
  let requested = 0;
  const stdin = memoryRun.child.stdin!;
  stdin.on('error', () => {}); // a crash of the child is reported through its exit code
  for (let written = 0; written < batches; written++) {
    while (queue.length < 4 && requested < batches) {
      queue.push(memoryMinter.mint(batch));
      requested++;
    }
    if (!stdin.write(await queue.shift()!)) await once(stdin, 'drain');
  }
  stdin.end();
  const memory = await memoryRun.result;
  await memoryMinter.close();
  const samples = memory.samples as { tokens: number; rssMb: number; heapUsedMb: number }[];
  const first = samples[0];
  const last = samples[samples.length - 1];
  const rssGrowth = last.rssMb - first.rssMb;
  const trajectory = samples.map((s) => fmt(s.rssMb)).join(' → ');
  rows.push({
    section: '3 memory',
    contender: 'ours: RSS growth, default cache (10,000)',
    tokens: `${fmt(MEMORY_TOKENS)} distinct`,
    value: `${fmt(rssGrowth, 1)} MB (RSS ${trajectory} MB by quarter)`,
    ratio: '—',
  });
  rows.push({
    section: '3 memory',
    contender: 'ours: heap growth',
    tokens: `${fmt(MEMORY_TOKENS)} distinct`,
    value: `${fmt(last.heapUsedMb - first.heapUsedMb, 1)} MB (heap ${fmt(first.heapUsedMb, 1)} → ${fmt(last.heapUsedMb, 1)} MB)`,
    ratio: '—',
  });

  // 4. Start-up -----------------------------------------------------------------------------
  log(`start-up: ${STARTUP_SPAWNS} spawns each`);
  const startup = new Map<string, number[]>([['cognito', []], ['unguarded', []]]);
  for (let spawnRound = 0; spawnRound < STARTUP_SPAWNS; spawnRound++) {
    for (const variant of rotated(['cognito', 'unguarded'], spawnRound)) {
      const jwksBefore = jwks.requests();
      const server = await startServer(variant, config, sampleClaims);
      const status = await request(server.port, repeated);
      const elapsed = performance.now() - server.started;
      if (status !== 200) throw new Error(`start-up: ${variant} answered ${status}`);
      if (variant === 'cognito' && jwks.requests() === jwksBefore) throw new Error('start-up: the JWKS was never fetched');
      startup.get(variant)!.push(elapsed);
      await stopServer(server);
    }
  }
  const startupOurs = median(startup.get('cognito')!);
  const startupBare = median(startup.get('unguarded')!);
  rows.push({
    section: '4 start-up',
    contender: 'ours: spawn → first verified `GET /` answered 200 (JWKS warm-up included)',
    tokens: 'one',
    value: `${fmt(startupOurs)} ms`,
    ratio: '—',
  });
  rows.push({
    section: '4 start-up',
    contender: 'same app unguarded, no CognitoModule (reference)',
    tokens: 'one',
    value: `${fmt(startupBare)} ms (ours +${fmt(startupOurs - startupBare)} ms)`,
    ratio: '—',
  });
  jwks.server.close();

  // Table and targets -----------------------------------------------------------------------
  const cold = microRatio('ours', 'distinct');
  const guardRepeated = httpRatio('cognito', 'repeated');
  const guardDistinct = httpRatio('cognito', 'distinct');
  const redisGap = Math.abs(httpRatio('cognito-redis', 'repeated') - guardRepeated);
  const fastifyGap = Math.max(...kinds.map((kind) => Math.abs(httpRatio('cognito@fastify', kind) - httpRatio('cognito', kind))));
  const memoryNote = MEMORY_TOKENS === 1_000_000 ? '' : ` (quick run: ${fmt(MEMORY_TOKENS)} tokens, not 1,000,000)`;
  const targets = [
    [cold >= 0.8, `cold verification (distinct tokens) ≥ 0.8× raw crypto.verify: ${cold.toFixed(2)}×`],
    [guardRepeated >= 0.9, `guarded route ≥ 0.9× unguarded, repeated token: ${guardRepeated.toFixed(2)}×`],
    [guardDistinct >= 0.8, `guarded route ≥ 0.8× unguarded, distinct tokens: ${guardDistinct.toFixed(2)}×`],
    [rssGrowth < 50, `RSS growth < 50 MB after 1,000,000 distinct tokens: ${fmt(rssGrowth, 1)} MB${memoryNote}`],
    [redisGap <= 0.02, `guarded with the revocation list on Redis within 0.02 of without, repeated token: ${httpRatio('cognito-redis', 'repeated').toFixed(2)} vs ${guardRepeated.toFixed(2)}`],
    [
      fastifyGap <= 0.05,
      `the guard's ratios on Fastify within 0.05 of those on Express: repeated ${httpRatio('cognito@fastify', 'repeated').toFixed(2)} vs ${guardRepeated.toFixed(2)}, distinct ${httpRatio('cognito@fastify', 'distinct').toFixed(2)} vs ${guardDistinct.toFixed(2)}`,
    ],
  ] as const;

  const table = [
    '| # | case | tokens | measured | × baseline |',
    '|---|---|---|---:|---:|',
    ...rows.map((r) => `| ${r.section} | ${r.contender} | ${r.tokens} | ${r.value} | ${r.ratio} |`),
  ].join('\n');
  const targetLines = [
    ...targets.map(([met, text]) => `- ${met ? 'met' : 'NOT met'}: ${text}`),
    `- for scale: a guard doing nothing but \`crypto.verify\` of the signature reaches ${httpRatio('signature-only', 'distinct').toFixed(2)}× unguarded on distinct tokens; ours without its cache reaches ${microRatio('ours-uncached', 'distinct').toFixed(2)}× raw crypto.verify.`,
  ].join('\n');
  const notes = [
    `- 1 micro: one verification at a time on one core, ${micro.rounds} rounds of ${quick ? 150 : 400} ms per contender after warm-up, contenders alternating round by round; median of the rounds, ratio = median of each round's ratio to \`node:crypto\` in the same round. RS256, 2,048-bit key; tokens are Cognito access tokens (~${fmt(repeated.length)} characters). The distinct pool (${fmt(POOL_SIZE)}) is larger than our verified-token cache (10,000 by default), so cycling it never hits the cache: those rows are cold verification. \`verifiedTokenCacheSize: 0\` shows what hashing and caching add for a token seen once. The repeated-token rows use the same verifier instances as the distinct rows, so their cache is full and churning, as it is in production with more users than cache entries. Every contender checks \`iss\`, \`token_use\` and \`client_id\` (jose's and passport-jwt's through a check of ours). The JWKS is served over HTTP on 127.0.0.1 and fetched once before timing; aws-jwt-verify gets the same JWKS through \`cacheJwks\`, the one way to point its Cognito verifier at a local JWKS without changing its checks.`,
    `- 2 http: Nest 12 on Express (and the same apps on Fastify, each measured against the unguarded Fastify app), each app in its own process (one core; autocannon and this process on the other), ${HTTP.connections} connections, ${HTTP.rounds} rounds of ${HTTP.seconds} s per app after a ${HTTP.warmup} s warm-up, apps alternating; ratio = median of each round's ratio to the unguarded app in the same round. The unguarded app answers claims of the same size. Distinct tokens are cycled from the same pool of ${fmt(POOL_SIZE)}, each app from its own place, so ours never hits its cache (the same servers then serve the repeated token, from a full cache); the signature-only guard (\`crypto.verify\` with a \`KeyObject\`, nothing else) is the ceiling for any guard that verifies each new token. CPU is the share of one core the app and the load generator used: the app near 100% means the app, not autocannon, was the limit.`,
    `- 3 memory: RSS and heap after two full GCs (\`--expose-gc\`), after the first token and after each quarter; tokens minted as they are verified, never all held. They are signed with a 1,024-bit key (kid \`${MEMORY_KID}\`, in the same JWKS) only so a million can be minted within the run; nothing retained per token depends on the key size.`,
    `- 4 start-up: median of ${STARTUP_SPAWNS} spawns of \`node\` on the compiled app, time from \`spawn()\` until the first \`GET /\` with a valid token is answered 200.`,
  ].join('\n');

  const context = `${machine}; load average ${loadAtStart.toFixed(2)} at start; code at ${revision}`;
  const output = [`Machine: ${context}`, '', table, '', 'Targets:', targetLines].join('\n');
  console.log(`\n${output}\n`);
  if (!quick) {
    const markdown = [
      '# nest-cognito benchmark',
      '',
      `Reproduce with \`npm ci && npm run bench\` (about 5 minutes; \`npm run bench -- --quick\` for a 1-minute smoke run). Run of ${new Date().toISOString().slice(0, 10)} on: ${context}.`,
      '',
      table,
      '',
      '## Targets',
      '',
      targetLines,
      '',
      '## How each figure is measured',
      '',
      notes,
      '',
    ].join('\n');
    writeFileSync(join(here('../../bench'), 'results.md'), markdown);
    log('wrote bench/results.md');
  }
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
