import type { INestApplication } from '@nestjs/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CognitoClientCredentials, CognitoError, errorResponse, type CognitoModuleOptions } from '../../src/cognito/index.js';
import { CookieSealer } from '../../src/cognito/cookies/cookie-sealer.js';
import { freePort } from '../support/free-port.js';
import { LOGOUT_URI, REDIRECT_URI } from '../support/hosted-ui-harness.js';
import { CLIENT_ID, TestIssuer } from '../support/test-issuer.js';
import { bootCognitoApp, PLATFORMS } from './support/apps.js';
import { CaptureLogger, leaks } from './support/capture-logger.js';
import { authorOf } from './support/error-shape.js';
import { faults, FaultyCognito, type Behaviour } from './support/faulty-cognito.js';
import { HttpDriver, portOf, type Answer } from './support/http-driver.js';

/**
 * Cognito's OAuth endpoints failing every way a network peer can, under each call the module
 * makes: the callback's code exchange, POST /auth/refresh, GET /auth/userinfo, sign-out's
 * revocation, and CognitoClientCredentials.getAccessToken(). Every failure is a prompt 502 in the
 * module's error shape (sign-out still signs out); an answer slower than usual but within
 * `httpTimeout` succeeds. On Express and on Fastify.
 *
 * Time bounds here are upper bounds on a hang (HTTP_TIMEOUT is 300 ms; HANG_BOUND is 5 s), not
 * performance thresholds.
 */
const HTTP_TIMEOUT = 300;
const HANG_BOUND_MS = 5000;
// The patient app's timeout and the delay of its slow answers: half of it, so the margin outlives a loaded machine.
const PATIENT_TIMEOUT = 2000;
const SLOW_MS = PATIENT_TIMEOUT / 2;
const CLIENT_SECRET = 'fault-suite-client-secret-0123456789abcdef';
const REFRESH_TOKEN = 'fault-suite-refresh-token-eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIn0';
const UPSTREAM_ERRORS = ['cognito_unavailable', 'cognito_bad_response'];

type AppName = 'fast' | 'patient' | 'refused' | 'session';
const APP_NAMES: readonly AppName[] = ['fast', 'patient', 'refused', 'session'];
const COOKIE_SECRET = 'fault-suite-cookie-secret-0123456789abcdef';

let issuer: TestIssuer;
let cognito: FaultyCognito;
let refusedPort: number;
const logger = new CaptureLogger();
const secrets = new Set<string>([CLIENT_SECRET, REFRESH_TOKEN, COOKIE_SECRET]);
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  issuer = await TestIssuer.start();
  cognito = await FaultyCognito.start();
  refusedPort = await freePort();
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await cognito?.stop();
  await issuer?.stop();
  expect(unhandled).toEqual([]);
});

function options(app: AppName): CognitoModuleOptions {
  return {
    ...issuer.moduleOptions(),
    domain: app === 'refused' ? `http://127.0.0.1:${refusedPort}` : cognito.url,
    redirectUri: REDIRECT_URI,
    logoutUri: LOGOUT_URI,
    clientSecret: CLIENT_SECRET,
    httpTimeout: app === 'patient' ? PATIENT_TIMEOUT : HTTP_TIMEOUT,
    m2m: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    ...(app === 'session' ? { cookieSecret: COOKIE_SECRET, session: true } : {}),
  } as CognitoModuleOptions;
}

/** Tokens the module accepts (TestIssuer's), as Cognito's token endpoint would answer them. */
async function tokenSet(nonce?: string): Promise<Record<string, unknown>> {
  const access_token = await issuer.accessToken();
  const id_token = await issuer.idToken(nonce ? { nonce } : {});
  for (const token of [access_token, id_token]) secrets.add(token);
  return { access_token, id_token, refresh_token: REFRESH_TOKEN, expires_in: 3600, token_type: 'Bearer' };
}

// Each fault of the token endpoint and what the module must answer; `defect` marks a known bug (it.fails).
interface TokenFault {
  name: string;
  behaviour: () => Behaviour | Promise<Behaviour>;
  app?: AppName;
  defect?: string;
}

// The transport's faults, the same for every endpoint the module calls.
const TRANSPORT_FAULTS: TokenFault[] = [
  { name: 'no answer (timeout)', behaviour: faults.hang },
  { name: 'headers, then a body that never ends', behaviour: faults.hangInBody },
  { name: 'connection refused', behaviour: faults.hang, app: 'refused' },
  { name: 'connection reset before the answer', behaviour: faults.resetBeforeAnswer },
  { name: 'connection reset mid-body', behaviour: faults.resetMidBody },
  { name: '500', behaviour: () => faults.status(500) },
];

const TOKEN_FAULTS: TokenFault[] = [
  ...TRANSPORT_FAULTS,
  { name: '503 with an HTML page', behaviour: () => faults.text(503, 'text/html', '<html>maintenance</html>') },
  { name: '200 with invalid JSON', behaviour: () => faults.text(200, 'application/json', '{"access_token": "abc", ') },
  { name: '200 with HTML', behaviour: () => faults.text(200, 'text/html', '<html><body>sign in</body></html>') },
  { name: '200 with JSON null', behaviour: () => faults.json(200, null) },
  { name: '200 with a JSON array', behaviour: () => faults.json(200, [{ access_token: 'x', expires_in: 3600 }]) },
  { name: '200 without access_token', behaviour: () => faults.json(200, { expires_in: 3600, token_type: 'Bearer' }) },
  { name: '200 without expires_in', behaviour: async () => faults.json(200, { ...(await tokenSet()), expires_in: undefined }) },
  { name: '200 with a numeric access_token', behaviour: () => faults.json(200, { access_token: 42, expires_in: 3600, token_type: 'Bearer' }) },
  { name: '200 with expires_in as a string', behaviour: async () => faults.json(200, { ...(await tokenSet()), expires_in: '3600' }) },
];

function checkUpstreamError(answer: Answer, elapsed: number, what: string): void {
  expect(elapsed, `${what}: answered within ${HANG_BOUND_MS} ms`).toBeLessThan(HANG_BOUND_MS);
  expect(answer.status, `${what}: ${answer.text}`).toBe(502);
  expect(authorOf(answer), `${what}: ${answer.text}`).toBe('module');
  expect(UPSTREAM_ERRORS, `${what}: ${answer.text}`).toContain(JSON.parse(answer.text).error);
}

describe.each(PLATFORMS)('Cognito failing under the module, on %s', (platform) => {
  const apps = {} as Record<AppName, INestApplication>;
  const drivers = {} as Record<AppName, HttpDriver>;
  let validAccessToken: string;

  beforeAll(async () => {
    for (const name of APP_NAMES) {
      apps[name] = await bootCognitoApp(options(name), platform, logger);
      drivers[name] = new HttpDriver(portOf(apps[name]), 8);
    }
    validAccessToken = await issuer.accessToken();
    secrets.add(validAccessToken);
  });

  afterEach(() => cognito.behaviours.clear());

  afterAll(async () => {
    for (const driver of Object.values(drivers)) driver.close();
    for (const app of Object.values(apps)) await app?.close();
  });

  async function timed(send: () => Promise<Answer>): Promise<{ answer: Answer; elapsed: number }> {
    const started = performance.now();
    const answer = await send();
    return { answer, elapsed: performance.now() - started };
  }

  /** A sign-in started at the app: the callback URL Cognito would send back (with `code`), its cookie, and the nonce. */
  async function callbackFor(app: AppName): Promise<{ path: string; cookie: string; nonce: string }> {
    const start = await drivers[app].send({ method: 'GET', path: '/auth/sign-in' });
    expect(start.status, start.text).toBe(302);
    const location = new URL(String(start.headers.location));
    const state = location.searchParams.get('state')!;
    const code = `fault-suite-code-${state.slice(0, 12)}`;
    const cookieLines = start.headers['set-cookie'] as string[];
    secrets.add(state).add(code).add(cookieLines[0]!.split(';')[0]!.split('=')[1]!);
    return { path: `/auth/callback?code=${code}&state=${state}`, cookie: cookieLines[0]!.split(';')[0]!, nonce: location.searchParams.get('nonce')! };
  }

  const exchange = async (app: AppName) => {
    const { path, cookie } = await callbackFor(app);
    return timed(() => drivers[app].send({ method: 'GET', path, headers: { cookie } }));
  };
  const refresh = (app: AppName) =>
    timed(() => drivers[app].send({ method: 'POST', path: '/auth/refresh', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refresh_token: REFRESH_TOKEN }) }));
  const userInfo = (app: AppName) => timed(() => drivers[app].send({ method: 'GET', path: '/auth/userinfo', headers: { authorization: `Bearer ${validAccessToken}` } }));
  const signOut = (app: AppName, type: 'json' | 'form') =>
    timed(() =>
      drivers[app].send({
        method: 'POST',
        path: '/auth/sign-out',
        headers: { 'content-type': type === 'json' ? 'application/json' : 'application/x-www-form-urlencoded' },
        body: type === 'json' ? JSON.stringify({ refresh_token: REFRESH_TOKEN }) : `refresh_token=${REFRESH_TOKEN}`,
      }),
    );
  let scopeCounter = 0;
  /** The M2M token, for a scope set never asked before (so nothing is cached). */
  async function m2m(app: AppName): Promise<{ outcome: string | Error; elapsed: number }> {
    const started = performance.now();
    const outcome = await apps[app].get(CognitoClientCredentials).getAccessToken([`fault/${platform}-${++scopeCounter}`]).catch((error: Error) => error);
    return { outcome, elapsed: performance.now() - started };
  }

  describe('the token endpoint (code exchange, refresh, client credentials)', () => {
    for (const fault of TOKEN_FAULTS) {
      const app = fault.app ?? 'fast';
      const test = fault.defect ? it.fails : it;
      test(`${fault.name}: the callback answers 502`, async () => {
        cognito.on('/oauth2/token', await fault.behaviour());
        const { answer, elapsed } = await exchange(app);
        checkUpstreamError(answer, elapsed, `callback, ${fault.name}`);
      });
      test(`${fault.name}: POST /auth/refresh answers 502`, async () => {
        cognito.on('/oauth2/token', await fault.behaviour());
        const { answer, elapsed } = await refresh(app);
        checkUpstreamError(answer, elapsed, `refresh, ${fault.name}`);
      });
      test(`${fault.name}: getAccessToken() rejects with a 502-class CognitoError`, async () => {
        cognito.on('/oauth2/token', await fault.behaviour());
        const { outcome, elapsed } = await m2m(app);
        expect(elapsed).toBeLessThan(HANG_BOUND_MS);
        expect(outcome).toBeInstanceOf(CognitoError);
        const { status, body } = errorResponse(outcome as CognitoError);
        expect(status).toBe(502);
        expect(UPSTREAM_ERRORS).toContain(body.error);
      });
    }

    // DEFECT (src/cognito/oauth/cognito-token-client.ts, CognitoTokenClient.token()): only access_token
    // (string) and expires_in (number) are checked, so a 200 whose id_token, refresh_token or
    // token_type has another type is passed on: POST /auth/refresh answers it as a 200 (and in
    // session mode seals it into the cookie, where a non-string refresh token is silently dropped).
    // The callback passes refresh_token/token_type garbage to the client as a 200, and turns a
    // numeric id_token into 401 invalid_id_token ("token is empty"): Cognito's fault blamed on the sign-in.
    // Expected: 502 cognito_bad_response, as for a missing access_token. Fix: in token(), refuse a 200
    // whose id_token / refresh_token is present and not a non-empty string, or whose token_type is not a string.
    const WRONG_TYPES: Array<{ field: Record<string, unknown> }> = [
      { field: { id_token: 42 } },
      { field: { refresh_token: { token: 'x' } } },
      { field: { token_type: 7 } },
    ];
    for (const { field } of WRONG_TYPES) {
      it(`200 with ${JSON.stringify(field)}: POST /auth/refresh answers 502, not the garbage`, async () => {
        cognito.on('/oauth2/token', faults.json(200, { ...(await tokenSet()), ...field }));
        const { answer, elapsed } = await refresh('fast');
        checkUpstreamError(answer, elapsed, `refresh, ${JSON.stringify(field)}`);
      });
      it(`200 with ${JSON.stringify(field)}: the callback answers 502, not a sign-in`, async () => {
        const { path, cookie, nonce } = await callbackFor('fast');
        cognito.on('/oauth2/token', faults.json(200, { ...(await tokenSet(nonce)), ...field }));
        const answer = await drivers.fast.send({ method: 'GET', path, headers: { cookie } });
        checkUpstreamError(answer, 0, `callback, ${JSON.stringify(field)}`);
      });
    }

    it(`an answer ${SLOW_MS} ms late, within httpTimeout (${PATIENT_TIMEOUT} ms), succeeds: callback, refresh and client credentials`, async () => {
      const { path, cookie, nonce } = await callbackFor('patient');
      cognito.on('/oauth2/token', faults.json(200, await tokenSet(nonce), SLOW_MS));
      const callback = await drivers.patient.send({ method: 'GET', path, headers: { cookie } });
      expect(callback.status, callback.text).toBe(200);
      expect(JSON.parse(callback.text)).toMatchObject({ refresh_token: REFRESH_TOKEN, expires_in: 3600 });
      const refreshed = await refresh('patient');
      expect(refreshed.answer.status, refreshed.answer.text).toBe(200);
      const { outcome } = await m2m('patient');
      expect(typeof outcome, String(outcome)).toBe('string');
    });
  });

  describe('userInfo', () => {
    const USERINFO_FAULTS: TokenFault[] = [
      ...TRANSPORT_FAULTS,
      { name: '502 with HTML', behaviour: () => faults.text(502, 'text/html', '<html>bad gateway</html>') },
      { name: '200 with invalid JSON', behaviour: () => faults.text(200, 'application/json', '{"sub": ') },
      { name: '200 with HTML', behaviour: () => faults.text(200, 'text/html', '<html></html>') },
      { name: '200 with a JSON array', behaviour: () => faults.json(200, [{ sub: 'x' }]) },
    ];
    for (const fault of USERINFO_FAULTS) {
      (fault.defect ? it.fails : it)(`${fault.name}: GET /auth/userinfo answers 502`, async () => {
        cognito.on('/oauth2/userInfo', await fault.behaviour());
        const { answer, elapsed } = await userInfo(fault.app ?? 'fast');
        checkUpstreamError(answer, elapsed, `userinfo, ${fault.name}`);
      });
    }

    it(`an answer ${SLOW_MS} ms late succeeds`, async () => {
      cognito.on('/oauth2/userInfo', faults.json(200, { sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', email_verified: 'true', username: 'alice' }, SLOW_MS));
      const { answer } = await userInfo('patient');
      expect(answer.status, answer.text).toBe(200);
      expect(JSON.parse(answer.text)).toMatchObject({ username: 'alice', email_verified: true });
    });
  });

  describe('sign-out while revocation fails', () => {
    const REVOKE_FAULTS: TokenFault[] = [
      { name: 'no answer (timeout)', behaviour: faults.hang },
      { name: 'connection refused', behaviour: faults.hang, app: 'refused' },
      { name: 'connection reset', behaviour: faults.resetBeforeAnswer },
      { name: 'connection reset mid-body', behaviour: faults.resetMidBody },
      { name: '500', behaviour: () => faults.status(500) },
      { name: '400 unsupported_token_type', behaviour: () => faults.status(400, { error: 'unsupported_token_type' }) },
      { name: '200 with HTML', behaviour: () => faults.text(200, 'text/html', '<html></html>') },
    ];
    for (const fault of REVOKE_FAULTS) {
      for (const type of ['json', 'form'] as const) {
        (fault.defect ? it.fails : it)(`${fault.name}: POST /auth/sign-out (${type}) still answers 302 to Cognito's logout`, async () => {
          cognito.on('/oauth2/revoke', await fault.behaviour());
          const { answer, elapsed } = await signOut(fault.app ?? 'fast', type);
          expect(elapsed).toBeLessThan(HANG_BOUND_MS);
          expect(answer.status, answer.text).toBe(302);
          expect(String(answer.headers.location)).toMatch(/\/logout\?client_id=/);
        });
      }
    }

    it(`revocation ${SLOW_MS} ms late: signs out after it`, async () => {
      cognito.on('/oauth2/revoke', faults.json(200, {}, SLOW_MS));
      const before = cognito.hits.get('/oauth2/revoke') ?? 0;
      const { answer } = await signOut('patient', 'json');
      expect(answer.status, answer.text).toBe(302);
      expect(cognito.hits.get('/oauth2/revoke')).toBe(before + 1);
    });
  });

  describe('session mode: the guard\'s transparent refresh and sign-out while Cognito fails', () => {
    /** A session cookie as the module seals it, holding an access token that expires at `exp` (epoch seconds). */
    async function sessionCookie(exp: number): Promise<string> {
      const access = await issuer.accessToken({ exp, iat: Math.min(exp, Math.floor(Date.now() / 1000)) - 60 });
      secrets.add(access);
      const sealed = await new CookieSealer([COOKIE_SECRET], 'session').seal({ a: access, r: REFRESH_TOKEN }, 3600);
      secrets.add(sealed);
      return `cognito_session.0=${sealed}`;
    }
    const now = () => Math.floor(Date.now() / 1000);

    for (const [name, behaviour] of [['no answer', faults.hang], ['500', () => faults.status(500)], ['HTML', () => faults.text(200, 'text/html', '<html></html>')]] as const) {
      it(`${name}: an expired session token the guard cannot refresh is a 502 for each of 8 concurrent requests`, async () => {
        cognito.on('/oauth2/token', behaviour());
        const cookie = await sessionCookie(now() - 60);
        const before = cognito.hits.get('/oauth2/token') ?? 0;
        const started = performance.now();
        const answers = await Promise.all(Array.from({ length: 8 }, () => drivers.session.send({ method: 'GET', path: '/', headers: { cookie } })));
        expect(performance.now() - started).toBeLessThan(HANG_BOUND_MS);
        for (const answer of answers) checkUpstreamError(answer, 0, `guard refresh, ${name}`);
        // Concurrent refreshes are shared, but a failed one is not remembered: how many calls depends on timing, so only the range is asserted.
        const calls = (cognito.hits.get('/oauth2/token') ?? 0) - before;
        expect(calls).toBeGreaterThanOrEqual(1);
        expect(calls).toBeLessThanOrEqual(answers.length);
      });

      it(`${name}: a session token about to expire (but not yet) still lets the request through`, async () => {
        cognito.on('/oauth2/token', behaviour());
        const cookie = await sessionCookie(now() + 20);
        const started = performance.now();
        const answer = await drivers.session.send({ method: 'GET', path: '/', headers: { cookie } });
        expect(performance.now() - started).toBeLessThan(HANG_BOUND_MS);
        expect(answer.status, answer.text).toBe(200);
      });
    }

    // Cognito answering tokens this large is Cognito answering garbage: a 502 cognito_bad_response
    // (CognitoTokenClient refuses oversized tokens), on all three paths that write the cookie.
    it('session mode: a callback whose token answer is too large for the session cookie is a 502, not a 500', async () => {
      const { path, cookie, nonce } = await callbackFor('session');
      cognito.on('/oauth2/token', faults.json(200, { ...(await tokenSet(nonce)), refresh_token: 'r'.repeat(40_000) }));
      const { answer, elapsed } = await timed(() => drivers.session.send({ method: 'GET', path, headers: { cookie } }));
      checkUpstreamError(answer, elapsed, 'session callback, 40 KB refresh token');
    });

    it('session mode: POST /auth/refresh whose answer is too large for the session cookie is a 502, not a 500', async () => {
      cognito.on('/oauth2/token', faults.json(200, { ...(await tokenSet()), refresh_token: 'r'.repeat(40_000) }));
      const cookie = await sessionCookie(now() + 3600);
      const { answer, elapsed } = await timed(() => drivers.session.send({ method: 'POST', path: '/auth/refresh', headers: { cookie } }));
      checkUpstreamError(answer, elapsed, 'session refresh, 40 KB refresh token');
    });

    it("session mode: the guard's refresh of an expired token, answered too large for the cookie, is a 502, not a 500", async () => {
      cognito.on('/oauth2/token', faults.json(200, { ...(await tokenSet()), refresh_token: 'r'.repeat(40_000) }));
      const cookie = await sessionCookie(now() - 60);
      const { answer, elapsed } = await timed(() => drivers.session.send({ method: 'GET', path: '/', headers: { cookie } }));
      checkUpstreamError(answer, elapsed, 'guard refresh, 40 KB refresh token');
    });

    it('sign-out with the session cookie while revocation hangs: 302, and the session cookie is cleared', async () => {
      cognito.on('/oauth2/revoke', faults.hang());
      const cookie = await sessionCookie(now() + 3600);
      const { answer, elapsed } = await timed(() => drivers.session.send({ method: 'POST', path: '/auth/sign-out', headers: { cookie } }));
      expect(elapsed).toBeLessThan(HANG_BOUND_MS);
      expect(answer.status, answer.text).toBe(302);
      const cleared = ([] as string[]).concat(answer.headers['set-cookie'] ?? []);
      expect(cleared.some((line) => /^cognito_session\.0=;/.test(line) && /Max-Age=0/i.test(line)), cleared.join('\n')).toBe(true);
    });
  });

  describe('the JWKS (the guard\'s one call out) failing', () => {
    const JWKS_FAULTS: Array<[string, () => Behaviour]> = [
      ['no answer', faults.hang],
      ['headers, then a body that never ends', faults.hangInBody],
      ['connection reset', faults.resetBeforeAnswer],
      ['500', () => faults.status(500)],
      ['200 with HTML', () => faults.text(200, 'text/html', '<html></html>')],
      ['200 with keys that are not keys', () => faults.json(200, { keys: [{ kty: 'RSA', kid: 'access-key', n: 'x', e: 'AQAB' }, 42, null] })],
    ];
    for (const [name, behaviour] of JWKS_FAULTS) {
      it(`${name}: a valid token whose key is not cached is a 503 temporarily_unavailable, within ${HANG_BOUND_MS} ms`, async () => {
        cognito.on('/.well-known/jwks.json', behaviour());
        // A fresh app: nothing cached, and jwksTimeout as small as httpTimeout.
        const app = await bootCognitoApp({ ...options('fast'), jwksUri: `${cognito.url}/.well-known/jwks.json`, jwksTimeout: HTTP_TIMEOUT } as CognitoModuleOptions, platform, logger);
        const driver = new HttpDriver(portOf(app), 1);
        try {
          const { answer, elapsed } = await timed(() => driver.send({ method: 'GET', path: '/', headers: { authorization: `Bearer ${validAccessToken}` } }));
          expect(elapsed).toBeLessThan(HANG_BOUND_MS);
          expect(answer.status, answer.text).toBe(503);
          expect(authorOf(answer), answer.text).toBe('module');
          expect(JSON.parse(answer.text).error).toBe('temporarily_unavailable');
          expect(answer.headers['retry-after']).toBeDefined();
        } finally {
          driver.close();
          await app.close();
        }
      });
    }
  });

  it('after all of it, the apps still answer a valid bearer request', async () => {
    for (const app of APP_NAMES) {
      const answer = await drivers[app].send({ method: 'GET', path: '/', headers: { authorization: `Bearer ${validAccessToken}` } });
      expect(answer.status, answer.text).toBe(200);
    }
  });

  it("logs nothing secret: no token, code, state, client secret or refresh token in the module's lines", () => {
    const found = leaks(logger.lines, secrets);
    expect(found.slice(0, 5), `${found.length} leaking lines`).toEqual([]);
  });
});
