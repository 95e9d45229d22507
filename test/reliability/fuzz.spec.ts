import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CognitoModuleOptions } from '../../src/cognito/index.js';
import type { Platform } from '../apps/boot-app.js';
import { LOGOUT_URI, REDIRECT_URI, passHostedUi, startIdp, type TestIdp } from '../support/hosted-ui-harness.js';
import { bootCognitoApp, PLATFORMS } from './support/apps.js';
import { CaptureLogger, leaks } from './support/capture-logger.js';
import { authorOf, type Author } from './support/error-shape.js';
import { HttpDriver, portOf, runPool, sendRaw, type Answer, type Probe } from './support/http-driver.js';
import { mutate, Random, SEED } from './support/random.js';

/**
 * Seeded fuzz of every input the module reads from a request, against apps on Express and on
 * Fastify backed by the local Cognito (kept up throughout): Authorization headers, the callback's
 * query, returnTo, session cookies, and the bodies of refresh and sign-out. Whatever arrives, the
 * answer is never a 5xx, a 4xx is the module's error shape (or the platform's own for a body it
 * cannot parse), nothing is rejected unhandled, memory stays flat, nothing secret is logged, and
 * the app still answers a valid request at the end.
 *
 * N is the total across both platforms (`RELIABILITY_FUZZ_N`, default 100,000). A failure names the
 * seed and the case; `RELIABILITY_SEED=<seed>` reproduces the run.
 */
const TOTAL = Number(process.env.RELIABILITY_FUZZ_N ?? 100_000);
const PER_PLATFORM = Math.ceil(TOTAL / PLATFORMS.length);
const CONCURRENCY = 16;
const COOKIE_SECRET = 'reliability-fuzz-cookie-secret-0123456789';
// Node's default limit on the whole header block; past it Node itself answers 431 before any app code runs.
const NODE_MAX_HEADER_BYTES = 16 * 1024;

type Kind = 'authorization' | 'callback' | 'returnTo' | 'cookie' | 'body';
type AppName = 'json' | 'session';

interface Case {
  kind: Kind;
  app: AppName;
  probe: Probe;
  /** The platform may answer this body itself (unparseable JSON, unknown media type, too large). */
  platformMayRefuse?: boolean;
}

/** Real material the mutations start from. */
interface Seeds {
  accessToken: string;
  idToken: string;
  refreshToken: string;
  expiredAccessToken: string;
  otherClientAccessToken: string;
  sessionCookie: string;
}

let idp: TestIdp;
let seeds: Seeds;
const logger = new CaptureLogger();
/** Everything secret the module saw: none of it may reach a log line. */
const secrets = new Set<string>([COOKIE_SECRET]);
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

function options(session: boolean): CognitoModuleOptions {
  const settings = idp.idp.settingsFor('localwebclient');
  return {
    ...settings,
    redirectUri: REDIRECT_URI,
    logoutUri: LOGOUT_URI,
    ...(session ? { cookieSecret: COOKIE_SECRET, session: true } : {}),
  } as CognitoModuleOptions;
}

/** A forced full GC where the runtime allows one (`--expose-gc` turned on at run time). */
function collectGarbage(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

/** A whole session-mode sign-in through the app behind `driver`: its sealed session cookie (one chunk). */
async function signInForSession(driver: HttpDriver): Promise<string> {
  const start = await driver.send({ method: 'GET', path: '/auth/sign-in' });
  const location = new URL(String(start.headers.location));
  const stateCookie = cookiePairs(start)[0]!;
  const callback = await passHostedUi(idp.idp, location);
  secrets.add(callback.searchParams.get('code')!).add(callback.searchParams.get('state')!).add(stateCookie.split('=')[1]!);
  const done = await driver.send({ method: 'GET', path: `/auth/callback${callback.search}`, headers: { cookie: stateCookie } });
  expect(done.status, done.text).toBe(302);
  const session = cookiePairs(done).find((pair) => pair.startsWith('cognito_session.0='))!.slice('cognito_session.0='.length);
  secrets.add(session);
  return session;
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  idp = await startIdp();
  const issued = await idp.idp.issueTokens({ username: 'alice', clientId: 'localwebclient' });
  idp.clock.offsetMs = -2 * 3600_000;
  const expired = await idp.idp.issueTokens({ username: 'bob', clientId: 'localwebclient' });
  idp.clock.offsetMs = 0;
  const other = await idp.idp.issueTokens({ username: 'alice', clientId: 'localspaclient' });
  secrets.add(String(idp.idp.settingsFor('localwebclient').clientSecret ?? ''));
  // A real sealed session: a whole session-mode sign-in through a throwaway app.
  const app = await bootCognitoApp(options(true), 'express', logger);
  const driver = new HttpDriver(portOf(app), 1);
  try {
    seeds = {
      accessToken: issued.access_token,
      idToken: issued.id_token,
      refreshToken: issued.refresh_token,
      expiredAccessToken: expired.access_token,
      otherClientAccessToken: other.access_token,
      sessionCookie: await signInForSession(driver),
    };
    for (const value of Object.values(seeds)) secrets.add(value);
  } finally {
    driver.close();
    await app.close();
  }
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await idp?.idp.stop();
});

function cookiePairs(answer: Answer): string[] {
  const lines = answer.headers['set-cookie'];
  return (Array.isArray(lines) ? lines : lines ? [lines] : []).map((line) => line.split(';')[0]!);
}

// ---- the inputs ----------------------------------------------------------------------------

/** Authorization values that carry a changed copy of a real token: none of them may pass. */
const tampered = new Set<string>();

function authorizationValue(random: Random): string {
  const token = random.pick([seeds.accessToken, seeds.accessToken, seeds.idToken, seeds.expiredAccessToken, seeds.otherClientAccessToken, seeds.refreshToken]);
  const changed = (value: string) => {
    // Trailing whitespace is not part of a header value on the wire (RFC 9110 §5.5), so that copy is the token itself.
    if (token === seeds.accessToken && value.trimEnd() !== `Bearer ${token}`) tampered.add(value);
    return value;
  };
  return random.weighted<() => string>([
    [4, () => changed(`Bearer ${mutate(random, token)}`)],
    [2, () => random.headerText(random.length(600))],
    [1, () => `Bearer ${random.headerText(random.length(600))}`],
    [1, () => `Bearer ${random.base64url(random.int(1, 60))}.${random.base64url(random.int(0, 300))}.${random.base64url(random.int(0, 400))}`],
    [1, () => `${random.pick(['Bearer', 'bearer', 'BEARER', 'Basic', 'Token', '', 'Bearer Bearer'])}${random.pick([' ', '  ', '\t', ''])}${token}${random.pick(['', ' ', ' x', ',Bearer x'])}`],
    [1, () => `Bearer ${random.utf8Header(random.length(200))}`],
    [1, () => `Bearer ${'A'.repeat(random.pick([8191, 8192, 8193, 12_000, NODE_MAX_HEADER_BYTES + 10]))}`],
    [1, () => `Bearer ${token}`],
    [1, () => changed(`Bearer ${rebuiltToken(random, token)}`)],
  ])();
}

/** A token whose header or payload was decoded, changed and encoded again (so only the signature is wrong, or not even that). */
function rebuiltToken(random: Random, token: string): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  // The refresh token is a JWE (five segments, encrypted): only JWTs are rebuilt.
  if (token.split('.').length !== 3) return mutate(random, token);
  const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  const encode = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
  const odd = () => random.pick<unknown>([null, 0, -1, 1e308, '', 'none', [], {}, true, 'x'.repeat(random.int(0, 3000)), random.unicode(8), { __proto__: { a: 1 } }, ['admin']]);
  if (random.bool()) {
    const h = decode(header);
    h[random.pick(['alg', 'kid', 'typ', 'jku', 'x5u', 'crit', 'b64', 'enc', '__proto__'])] = odd();
    return `${encode(h)}.${payload}.${signature}`;
  }
  const p = decode(payload);
  p[random.pick(['exp', 'iat', 'nbf', 'iss', 'client_id', 'token_use', 'cognito:groups', 'scope', 'sub', 'aud', 'constructor', '__proto__'])] = odd();
  return `${header}.${random.bool(0.1) ? encode('not json {') : encode(p)}.${signature}`;
}

function queryValue(random: Random): string {
  return random.weighted<() => string>([
    [3, () => encodeURIComponent(random.base64url(random.length(3000)))],
    [2, () => encodeURIComponent(random.unicode(random.length(300)).replace(/[\uD800-\uDFFF]/g, '?'))],
    [1, () => ''],
    [1, () => random.pick(['%', '%zz', '%E0%A4%A', '%00', '%0d%0a', '%2F%2F', '+', '&', '=', '[]', '%C0%AF'])],
    [1, () => 'x'.repeat(random.pick([2048, 2049, 5000, 12_000]))],
    [1, () => random.pick(['access_denied', 'server_error', 'invalid_request', 'login_required', 'temporarily_unavailable', '__proto__', 'constructor', 'toString'])],
  ])();
}

function callbackQuery(random: Random, state?: string): string {
  const names = ['code', 'state', 'error', 'error_description', 'error_uri', random.pick(['code[]', 'state[a]', '__proto__', 'returnTo', 'iss', random.base64url(4)])];
  const parts: string[] = [];
  const count = random.int(0, 6);
  for (let i = 0; i < count; i++) {
    const name = random.pick(names);
    parts.push(random.bool(0.1) ? name : `${name}=${name === 'state' && state && random.bool(0.7) ? state : queryValue(random)}`);
  }
  if (state && !parts.some((part) => part.startsWith('state='))) parts.push(`state=${state}`);
  return parts.length ? `?${parts.join(random.pick(['&', '&', '&', '&&', ';']))}` : random.pick(['', '?', '?&']);
}

const RETURN_TO_TRICKS = ['//evil.example', '/\\evil.example', '/\t/evil.example', 'https://evil.example', 'javascript:alert(1)', '/.//evil.example', '/%2F%2Fevil.example', 'http://localhost:3999/x', '/ok?a=1#b', '///x', '/%5Cevil', 'data:text/html,x', '/\u3000/evil', '/profile'];

function returnToQuery(random: Random): string {
  const value = random.weighted<() => string>([
    [3, () => encodeURIComponent(random.pick(RETURN_TO_TRICKS) + (random.bool() ? random.unicode(random.int(0, 20)).replace(/[\uD800-\uDFFF]/g, '') : ''))],
    [2, () => queryValue(random)],
    [1, () => encodeURIComponent(`/${random.headerText(random.length(3000))}`)],
  ])();
  const extra = random.bool(0.3) ? `&${random.pick(['returnTo', 'code', 'state', 'error', 'prompt', 'lang', 'identity_provider'])}=${queryValue(random)}` : '';
  return `?returnTo=${value}${extra}`;
}

function cookieHeader(random: Random): string {
  const sealed = seeds.sessionCookie;
  return random.weighted<() => string>([
    [4, () => `cognito_session.0=${mutate(random, sealed)}`],
    [2, () => {
      // The real value cut into chunks, some of them out of order or missing.
      const chunks: string[] = [];
      let rest = sealed;
      while (rest.length) {
        const size = random.int(1, Math.max(1, rest.length));
        chunks.push(rest.slice(0, size));
        rest = rest.slice(size);
      }
      if (random.bool()) chunks.reverse();
      if (chunks.length > 1 && random.bool()) chunks.splice(random.int(0, chunks.length - 1), 1);
      return chunks.map((chunk, i) => `cognito_session.${i}=${chunk}`).join('; ');
    }],
    [1, () => Array.from({ length: random.int(2, 40) }, (_, i) => `cognito_session.${i}=${random.base64url(random.int(0, 300))}`).join('; ')],
    [1, () => `cognito_session.0=${random.headerText(random.length(3000)).replace(/;/g, '')}`],
    [1, () => `cognito_session.0=${sealed}; cognito_session.0=${mutate(random, sealed)}; cognito_session.1=${random.base64url(20)}`],
    [1, () => `${random.pick(['cognito_session', 'cognito_session.', 'cognito_session.-1', 'cognito_session.00', '__proto__', 'constructor'])}=${sealed}`],
    [1, () => `cognito_state_${random.base64url(16)}=${mutate(random, sealed)}; cognito_session.0=${random.utf8Header(random.length(100)).replace(/;/g, '')}`],
  ])();
}

function jsonBody(random: Random): string {
  const value = random.weighted<() => unknown>([
    [3, () => ({ refresh_token: random.pick<unknown>([random.base64url(random.length(9000)), '', 42, null, true, [], ['a', 'b'], { a: 1 }, mutate(random, seeds.refreshToken), random.unicode(20)]) })],
    [1, () => ({ refresh_token: 'x'.repeat(random.pick([8192, 8193, 20_000])) })],
    [1, () => random.pick<unknown>([null, 0, 'refresh_token', [], [{ refresh_token: 'x' }], { __proto__: { refresh_token: 'x' } }, { constructor: { prototype: { refresh_token: 'x' } } }])],
    [1, () => Object.fromEntries(Array.from({ length: random.int(0, 50) }, () => [random.base64url(random.int(1, 10)), random.base64url(random.int(0, 30))]))],
  ])();
  return random.bool(0.15)
    ? random.pick(['{', '{"refresh_token":', '{"refresh_token":"x"', 'null', '"x"', '[1,', '{"a":1}}', '\u0000', '']) + random.headerText(random.int(0, 30))
    : JSON.stringify(value);
}

function formBody(random: Random): string {
  const parts: string[] = [];
  for (let i = random.int(0, 5); i > 0; i--) {
    const name = random.pick(['refresh_token', 'refresh_token', 'refresh_token[]', 'refresh_token[a]', '__proto__[refresh_token]', 'token', random.base64url(3)]);
    parts.push(`${name}=${queryValue(random)}`);
  }
  return parts.join('&');
}

function bodyCase(random: Random): Case {
  const path = random.pick(['/auth/refresh', '/auth/sign-out']);
  const app: AppName = random.bool(0.7) ? 'json' : 'session';
  const [type, body] = random.weighted<() => [string | undefined, string]>([
    [5, () => ['application/json', jsonBody(random)]],
    [3, () => ['application/x-www-form-urlencoded', formBody(random)]],
    [1, () => [random.pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded; charset=iso-8859-1', '']), random.headerText(random.length(500))]],
    [1, () => [undefined, random.bool() ? '' : random.headerText(random.int(1, 100))]],
  ])();
  const headers: Record<string, string> = type === undefined ? {} : { 'content-type': type };
  if (app === 'session' && random.bool(0.5)) headers.cookie = cookieHeader(random);
  return { kind: 'body', app, probe: { method: 'POST', path, headers, body }, platformMayRefuse: true };
}

/** Case `i` of a platform's run, from a seed of its own, so any single case reproduces. */
function makeCase(random: Random): Case {
  return random.weighted<() => Case>([
    [35, () => ({
      kind: 'authorization',
      app: random.bool(0.8) ? 'json' : 'session',
      probe: { method: 'GET', path: random.pick(['/', '/', '/admin', '/auth/userinfo']), headers: { authorization: authorizationValue(random) } },
    })],
    [20, () => ({ kind: 'callback', app: random.bool(0.7) ? 'json' : 'session', probe: { method: 'GET', path: `/auth/callback${callbackQuery(random)}`, headers: random.bool(0.2) ? { cookie: cookieHeader(random) } : ({} as Record<string, string>) } })],
    [10, () => ({ kind: 'returnTo', app: random.bool() ? 'json' : 'session', probe: { method: 'GET', path: `/auth/${random.pick(['sign-in', 'sign-in', 'sign-up', 'forgot-password'])}${returnToQuery(random)}` } })],
    [15, () => {
      const path = random.pick(['/', '/', '/admin', '/auth/userinfo', '/auth/refresh', '/auth/sign-out']);
      const method = path === '/auth/refresh' || (path === '/auth/sign-out' && random.bool()) ? 'POST' : 'GET';
      return { kind: 'cookie', app: 'session', probe: { method, path, headers: { cookie: cookieHeader(random) } } };
    }],
    [20, () => bodyCase(random)],
  ])();
}

const caseSeed = (platform: Platform, i: number) => (SEED ^ Math.imul(i + 1, 0x9e3779b1) ^ (platform === 'fastify' ? 0x5f5f5f5f : 0)) >>> 0;
const describeCase = (platform: Platform, i: number, c: Case) =>
  `seed=${SEED} platform=${platform} case=${i} (caseSeed=${caseSeed(platform, i)}) kind=${c.kind} app=${c.app} ${c.probe.method} ${c.probe.path.slice(0, 300)} headers=${JSON.stringify(c.probe.headers ?? {}).slice(0, 300)} body=${String(c.probe.body ?? '').slice(0, 300)}`;

describe.each(PLATFORMS)('fuzz on %s', (platform) => {
  const apps = {} as Record<AppName, INestApplication>;
  const drivers = {} as Record<AppName, HttpDriver>;

  beforeAll(async () => {
    apps.json = await bootCognitoApp(options(false), platform, logger);
    apps.session = await bootCognitoApp(options(true), platform, logger);
    drivers.json = new HttpDriver(portOf(apps.json), CONCURRENCY);
    drivers.session = new HttpDriver(portOf(apps.session), CONCURRENCY);
  });

  afterAll(async () => {
    for (const driver of Object.values(drivers)) driver.close();
    for (const app of Object.values(apps)) await app?.close();
  });

  /** A state the app really issued (and its cookie), for callbacks that get past the state check. */
  async function realState(app: AppName): Promise<{ state: string; cookie: string }> {
    const start = await drivers[app].send({ method: 'GET', path: '/auth/sign-in' });
    const state = new URL(String(start.headers.location)).searchParams.get('state')!;
    secrets.add(state);
    return { state, cookie: cookiePairs(start)[0]! };
  }

  it(`${PER_PLATFORM} seeded inputs: no 5xx, the module's error shape, no unhandled rejection, flat memory`, { timeout: 600_000 }, async () => {
    const gc = collectGarbage();
    const heap = () => {
      gc?.();
      return process.memoryUsage();
    };
    const authors = new Map<string, number>();
    const statuses = new Map<string, number>();
    const acceptedMutations: string[] = [];
    const timeByKind = new Map<string, number>();
    const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

    const runCase = async (i: number) => {
      const random = new Random(caseSeed(platform, i));
      const c = makeCase(random);
      if (c.kind === 'callback' && random.bool(0.15)) {
        // Past the state check: a real state and cookie, with the fuzzed code/error around them.
        const { state, cookie } = await realState(c.app);
        c.probe = { method: 'GET', path: `/auth/callback${callbackQuery(random, state)}`, headers: { cookie } };
      }
      const t0 = performance.now();
      const oversized = c.probe.path.length + JSON.stringify(c.probe.headers ?? {}).length > NODE_MAX_HEADER_BYTES - 1024;
      const answer = await drivers[c.app].send(c.probe, oversized).catch((error: Error) => {
        throw new Error(`${describeCase(platform, i, c)} → ${error.message}`);
      });
      const where = () => `${describeCase(platform, i, c)} → ${answer.status} ${answer.text.slice(0, 300)}`;
      count(statuses, `${c.kind} ${answer.status}`);
      // Plain checks on the hot path (expect() per request costs more than the request); expect() reports a failure.
      if (answer.status < 200 || answer.status >= 500) expect.fail(`no 5xx (nor a missing status): ${where()}`);
      if (answer.status >= 400) {
        const author: Author = authorOf(answer);
        count(authors, `${c.kind} ${answer.status} ${author}`);
        const platformsOwn = (c.platformMayRefuse && author !== 'unknown') || (answer.status === 431 && oversized && author !== 'unknown');
        if (!platformsOwn && author !== 'module') expect.fail(`the module's error shape, got ${author}'s: ${where()}`);
      } else if (c.kind === 'authorization' && answer.status === 200 && tampered.has(String(c.probe.headers?.authorization))) {
        acceptedMutations.push(String(c.probe.headers?.authorization));
      }
      const took = performance.now() - t0;
      timeByKind.set(c.kind, (timeByKind.get(c.kind) ?? 0) + took);
    };

    // Warm-up, so the baseline includes what a first request allocates once (JIT, caches, JWKS).
    const WARM_UP = 500;
    await runPool(WARM_UP, CONCURRENCY, runCase);
    const before = heap();
    const started = performance.now();
    await runPool(PER_PLATFORM - WARM_UP, CONCURRENCY, (i) => runCase(i + WARM_UP));
    const seconds = (performance.now() - started) / 1000;
    const after = heap();

    // Header injection: CR, LF and NUL written raw (Node's client refuses to send them).
    const port = portOf(apps.json);
    const injections = [
      `GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${seeds.accessToken}\r\nX-Injected: 1\r\nConnection: close\r\n\r\n`,
      `GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\rSet-Cookie: x=1\r\nConnection: close\r\n\r\n`,
      `GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\nb\r\nConnection: close\r\n\r\n`,
      `GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\u0000b\r\nConnection: close\r\n\r\n`,
      `GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\r\nAuthorization: Bearer ${seeds.accessToken}\r\nConnection: close\r\n\r\n`,
      `GET /auth/callback?code=a%0d%0aSet-Cookie:%20x=1&state=b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      `GET /auth/sign-in?returnTo=/a%0d%0aLocation:%20https://evil.example HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    ];
    for (const raw of injections) {
      const { status, text } = await sendRaw(port, raw);
      expect(status, `${raw.slice(0, 120)} → ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(200);
      expect(status, `${raw.slice(0, 120)} → ${text.slice(0, 200)}`).toBeLessThan(500);
      expect(text, 'no header injected into the answer').not.toMatch(/\r\n(Set-Cookie: x=1|Location: https:\/\/evil)/i);
    }

    // Still answering a valid request, and on both apps.
    const valid = await drivers.json.send({ method: 'GET', path: '/', headers: { authorization: `Bearer ${seeds.accessToken}` } });
    expect(valid.status, valid.text).toBe(200);
    // A fresh session: the seed one may have been signed out for real by a case that carried it intact
    // to POST /auth/sign-out (which revokes its access token, as it should).
    const fresh = await signInForSession(drivers.session);
    const viaSession = await drivers.session.send({ method: 'GET', path: '/', headers: { cookie: `cognito_session.0=${fresh}` } });
    expect(viaSession.status, viaSession.text).toBe(200);
    const seedSession = await drivers.session.send({ method: 'GET', path: '/', headers: { cookie: `cognito_session.0=${seeds.sessionCookie}` } });
    expect([200, 401], seedSession.text).toContain(seedSession.status);
    if (seedSession.status === 401) expect(JSON.parse(seedSession.text).reason, 'only a real sign-out ends the seed session').toBe('token_revoked');

    const growthMb = (gc ? after.heapUsed - before.heapUsed : after.rss - before.rss) / 1e6;
    console.log(
      `[fuzz ${platform}] seed=${SEED} ${PER_PLATFORM} cases in ${seconds.toFixed(1)} s (${Math.round((PER_PLATFORM - WARM_UP) / seconds)}/s); ` +
        `${gc ? 'heap' : 'rss'} growth ${growthMb.toFixed(1)} MB; tampered tokens accepted: ${acceptedMutations.length} ${acceptedMutations.slice(0, 3).map((a) => a.slice(-40)).join(' | ')}\n` +
        `  ms by kind: ${JSON.stringify(Object.fromEntries([...timeByKind].map(([k, v]) => [k, Math.round(v)])))}\n` +
        `  statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}\n  4xx authors: ${JSON.stringify(Object.fromEntries([...authors].sort()))}`,
    );
    expect(unhandled, `seed=${SEED}: unhandled rejections`).toEqual([]);
    // Generous: the caches are bounded (verified tokens, refresh reuse, used states) and warm by now.
    expect(growthMb, `seed=${SEED}: memory growth`).toBeLessThan(gc ? 50 : 150);
  });

  it("logs nothing secret: no token, code, state, session cookie or secret in the module's lines", () => {
    const found = leaks(logger.lines, secrets);
    expect(found.slice(0, 5), `seed=${SEED}: ${found.length} leaking log lines`).toEqual([]);
  });
});
