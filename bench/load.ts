import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { readyPort, stopChild } from './child-server.js';
import { accessClaims, MAIN_KID, newSigningKey, serveJwks, signToken } from './common.js';

/**
 * `npm run load [-- --seconds N] [-- --connections C]`: N seconds (default 60) of autocannon on a
 * route behind CognitoGuard, on Express and then on Fastify, each app in a child process, with a
 * seeded mix of valid (80%), expired (10%) and garbage (10%) bearer tokens. Reports per platform:
 * requests served, transport errors and 5xx (both must be 0, else the exit code is 1), the
 * 200/401 split, p50/p99 latency and the app's RSS at start and end.
 */
function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const SECONDS = option('seconds', 60);
const CONNECTIONS = option('connections', 32);
const SEED = option('seed', 20_240_917);
const VALID_TOKENS = 2000;
const EXPIRED_TOKENS = 200;
const GARBAGE_TOKENS = 500;
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

function log(message: string): void {
  process.stderr.write(`[load] ${message}\n`);
}

/** mulberry32: the token mix and the garbage are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Tokens {
  valid: string[];
  expired: string[];
  garbage: string[];
}

function mintTokens(random: () => number, privateKeyPem: string): Tokens {
  const now = Math.floor(Date.now() / 1000);
  const valid = Array.from({ length: VALID_TOKENS }, () => signToken(accessClaims(now), MAIN_KID, privateKeyPem));
  const expired = Array.from({ length: EXPIRED_TOKENS }, () => signToken({ ...accessClaims(now - 7200), exp: now - 3600 }, MAIN_KID, privateKeyPem));
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
  const pick = (n: number) => Math.floor(random() * n);
  const garbage = Array.from({ length: GARBAGE_TOKENS }, (_, i) => {
    const base = valid[pick(valid.length)]!;
    switch (i % 5) {
      case 0: // a flipped character
      {
        const at = pick(base.length);
        return base.slice(0, at) + (base[at] === 'A' ? 'B' : 'A') + base.slice(at + 1);
      }
      case 1: // truncated
        return base.slice(0, pick(base.length));
      case 2: // segments swapped
      {
        const [h, p, s] = base.split('.');
        return `${p}.${h}.${s}`;
      }
      case 3: // random characters
        return Array.from({ length: 1 + pick(400) }, () => alphabet[pick(alphabet.length)]).join('');
      default: // too long
        return 'A'.repeat(9000);
    }
  });
  return { valid, expired, garbage };
}

interface Running {
  child: ChildProcess;
  port: number;
}

function startServer(platform: string, jwksUri: string): Promise<Running> {
  const child = spawn(process.execPath, [here('./load-server.js'), platform], { env: { ...process.env, LOAD_JWKS_URI: jwksUri }, stdio: ['pipe', 'pipe', 'inherit'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return readyPort(child, `load-server ${platform}`).then((port) => ({ child, port }));
}

const stopServer = (server: Running) => stopChild(server.child);

/** The app's resident set size in MB, from /proc. */
function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

interface Row {
  platform: string;
  served: number;
  perSecond: number;
  transportErrors: number;
  timeouts: number;
  status5xx: number;
  status200: number;
  status401: number;
  otherStatus: Record<string, number>;
  p50: number;
  p99: number;
  rssStart: number;
  rssEnd: number;
  /** RSS at each quarter of the run: flat after warm-up means no growth per request. */
  rssQuarters: number[];
  sent: { valid: number; expired: number; garbage: number };
}

async function run(platform: string, jwksUri: string, tokens: Tokens): Promise<Row> {
  const server = await startServer(platform, jwksUri);
  try {
    const rssStart = rssMb(server.child.pid!);
    const random = seeded(SEED);
    const sent = { valid: 0, expired: 0, garbage: 0 };
    const nextToken = () => {
      const roll = random();
      const kind = roll < 0.8 ? 'valid' : roll < 0.9 ? 'expired' : 'garbage';
      sent[kind]++;
      const pool = tokens[kind];
      return pool[Math.floor(random() * pool.length)]!;
    };
    log(`${platform}: ${SECONDS} s, ${CONNECTIONS} connections`);
    const rssQuarters: number[] = [];
    const sampler = setInterval(() => rssQuarters.push(rssMb(server.child.pid!)), (SECONDS * 1000) / 4);
    const result = await autocannon({
      url: `http://127.0.0.1:${server.port}`,
      connections: CONNECTIONS,
      pipelining: 1,
      duration: SECONDS,
      requests: [{ method: 'GET', path: '/', setupRequest: (req: autocannon.Request) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${nextToken()}` } }) }],
    } as autocannon.Options);
    clearInterval(sampler);
    const rssEnd = rssMb(server.child.pid!);
    const codes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat?.count ?? 0]));
    const { 200: status200 = 0, 401: status401 = 0, ...otherStatus } = codes as Record<string, number>;
    return {
      platform,
      served: result.requests.total,
      perSecond: result.requests.average,
      transportErrors: result.errors,
      timeouts: result.timeouts,
      status5xx: result['5xx'],
      status200,
      status401,
      otherStatus,
      p50: result.latency.p50,
      p99: result.latency.p99,
      rssStart,
      rssEnd,
      rssQuarters,
      sent,
    };
  } finally {
    await stopServer(server);
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const loadBefore = loadavg();
  log(`load average before: ${loadBefore.map((n) => n.toFixed(2)).join(' ')} on ${cpus().length} cores`);
  const key = newSigningKey(MAIN_KID, 2048);
  const jwks = await serveJwks([key]);
  const tokens = mintTokens(seeded(SEED), key.privateKeyPem);
  const rows: Row[] = [];
  try {
    for (const platform of ['express', 'fastify']) rows.push(await run(platform, jwks.jwksUri, tokens));
  } finally {
    jwks.server.close();
  }
  const lines = [
    `${SECONDS} s per platform, ${CONNECTIONS} connections, tokens 80% valid (${VALID_TOKENS} distinct) / 10% expired / 10% garbage (seed ${SEED}); load average ${loadBefore.map((n) => n.toFixed(2)).join(', ')} before, ${loadavg().map((n) => n.toFixed(2)).join(', ')} after, ${cpus().length} cores`,
    '',
    '| platform | requests served | req/s | transport errors | 5xx | 200 | 401 | other | p50 | p99 | app RSS start → by quarter → end |',
    '|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.platform} | ${fmt(r.served)} | ${fmt(r.perSecond)} | ${r.transportErrors} (timeouts ${r.timeouts}) | ${r.status5xx} | ${fmt(r.status200)} (${fmt((100 * r.status200) / r.served, 1)}%) | ${fmt(r.status401)} (${fmt((100 * r.status401) / r.served, 1)}%) | ${JSON.stringify(r.otherStatus)} | ${r.p50} ms | ${r.p99} ms | ${[r.rssStart, ...r.rssQuarters.slice(0, 3), r.rssEnd].map((n) => fmt(n)).join(' → ')} MB |`,
    ),
  ];
  console.log(lines.join('\n'));
  const bad = rows.filter((r) => r.transportErrors > 0 || r.status5xx > 0 || Object.keys(r.otherStatus).length > 0);
  if (bad.length) {
    console.error(`[load] FAILED: transport errors, 5xx or unexpected statuses on ${bad.map((r) => r.platform).join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
