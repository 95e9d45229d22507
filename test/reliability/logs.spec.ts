import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CognitoModuleOptions } from '../../src/cognito/index.js';
import { LOGOUT_URI, REDIRECT_URI, passHostedUi, startIdp, type TestIdp } from '../support/hosted-ui-harness.js';
import { bootCognitoApp, PLATFORMS } from './support/apps.js';
import { CaptureLogger, leaks } from './support/capture-logger.js';
import { HttpDriver, portOf, type Answer } from './support/http-driver.js';

/**
 * Whole hosted-UI sessions (sign-in, use, refresh, userinfo, sign-out; JSON and session mode; the
 * unhappy turns a real session takes: a replayed callback, a refresh token that died) through apps
 * whose Nest logger records every line. No token, code, state, cookie value or secret may be in
 * any of them. The local Cognito's own log is kept apart: it may print demo secrets by design.
 */
const COOKIE_SECRET = 'reliability-logs-cookie-secret-0123456789ab';

let idp: TestIdp;
const logger = new CaptureLogger();
const secrets = new Set<string>([COOKIE_SECRET]);

beforeAll(async () => {
  idp = await startIdp();
  secrets.add(String(idp.idp.settingsFor('localwebclient').clientSecret ?? ''));
});

afterAll(async () => {
  await idp?.idp.stop();
});

function options(session: boolean): CognitoModuleOptions {
  return {
    ...idp.idp.settingsFor('localwebclient'),
    redirectUri: REDIRECT_URI,
    logoutUri: LOGOUT_URI,
    ...(session ? { cookieSecret: COOKIE_SECRET, session: true } : {}),
  } as CognitoModuleOptions;
}

function cookiePairs(answer: Answer): string[] {
  const lines = answer.headers['set-cookie'];
  return (Array.isArray(lines) ? lines : lines ? [lines] : []).map((line) => line.split(';')[0]!);
}

/** Remembers every token, code, state and cookie value an answer or URL carries, as a secret. */
function remember(answer: Answer): void {
  for (const pair of cookiePairs(answer)) secrets.add(pair.slice(pair.indexOf('=') + 1));
  try {
    const body = JSON.parse(answer.text) as Record<string, unknown>;
    for (const key of ['access_token', 'id_token', 'refresh_token']) if (typeof body[key] === 'string') secrets.add(body[key]);
  } catch {
    // not JSON
  }
}

describe.each(PLATFORMS)('a whole hosted-UI session logs nothing secret, on %s', (platform) => {
  const apps = {} as Record<'json' | 'session', INestApplication>;
  const drivers = {} as Record<'json' | 'session', HttpDriver>;

  beforeAll(async () => {
    for (const mode of ['json', 'session'] as const) {
      apps[mode] = await bootCognitoApp(options(mode === 'session'), platform, logger);
      drivers[mode] = new HttpDriver(portOf(apps[mode]), 2);
    }
  });

  afterAll(async () => {
    for (const driver of Object.values(drivers)) driver.close();
    for (const app of Object.values(apps)) await app?.close();
  });

  /** Sign-in at the app and the IdP: the callback's path and the state cookie. */
  async function signIn(mode: 'json' | 'session'): Promise<{ path: string; cookie: string }> {
    const start = await drivers[mode].send({ method: 'GET', path: '/auth/sign-in?returnTo=%2Fhome' });
    expect(start.status, start.text).toBe(302);
    remember(start);
    const callback = await passHostedUi(idp.idp, new URL(String(start.headers.location)));
    secrets.add(callback.searchParams.get('code')!).add(callback.searchParams.get('state')!);
    return { path: `/auth/callback${callback.search}`, cookie: cookiePairs(start)[0]! };
  }

  it('JSON mode: sign-in, bearer use, userinfo, refresh, replayed callback, dead refresh token, sign-out', async () => {
    const d = drivers.json;
    const { path, cookie } = await signIn('json');
    const callback = await d.send({ method: 'GET', path, headers: { cookie } });
    expect(callback.status, callback.text).toBe(200);
    remember(callback);
    const tokens = JSON.parse(callback.text) as { access_token: string; refresh_token: string };
    const bearer = { authorization: `Bearer ${tokens.access_token}` };
    expect((await d.send({ method: 'GET', path: '/', headers: bearer })).status).toBe(200);
    expect((await d.send({ method: 'GET', path: '/auth/userinfo', headers: bearer })).status).toBe(200);
    const refreshed = await d.send({ method: 'POST', path: '/auth/refresh', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refresh_token: tokens.refresh_token }) });
    expect(refreshed.status, refreshed.text).toBe(200);
    remember(refreshed);
    // The unhappy turns: a replayed callback, a broken bearer token, and sign-out, after which the refresh token is dead.
    expect((await d.send({ method: 'GET', path, headers: { cookie } })).status).toBe(400);
    expect((await d.send({ method: 'GET', path: '/', headers: { authorization: `Bearer ${tokens.access_token.slice(0, -3)}abc` } })).status).toBe(401);
    const signOut = await d.send({ method: 'POST', path: '/auth/sign-out', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `refresh_token=${encodeURIComponent(tokens.refresh_token)}` });
    expect(signOut.status, signOut.text).toBe(302);
    const dead = await d.send({ method: 'POST', path: '/auth/refresh', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refresh_token: tokens.refresh_token }) });
    expect(dead.status, dead.text).toBe(401);
  });

  it('session mode: sign-in, cookie use, transparent refresh of an expiring token, refresh, userinfo, sign-out, dead session', async () => {
    const d = drivers.session;
    // The IdP's clock set back: the access token it issues expires within the refresh margin, so the guard refreshes it.
    idp.clock.offsetMs = -(3600 - 10) * 1000;
    let callback: Answer;
    try {
      const { path, cookie } = await signIn('session');
      callback = await d.send({ method: 'GET', path, headers: { cookie } });
    } finally {
      idp.clock.offsetMs = 0;
    }
    expect(callback.status, callback.text).toBe(302);
    remember(callback);
    let jar = cookiePairs(callback).filter((pair) => pair.startsWith('cognito_session.')).join('; ');
    const first = await d.send({ method: 'GET', path: '/', headers: { cookie: jar } });
    expect(first.status, first.text).toBe(200);
    remember(first);
    const rewritten = cookiePairs(first).filter((pair) => pair.startsWith('cognito_session.') && !pair.endsWith('='));
    expect(rewritten.length, 'the guard refreshed the expiring token and rewrote the cookie').toBeGreaterThan(0);
    jar = rewritten.join('; ');
    const refreshed = await d.send({ method: 'POST', path: '/auth/refresh', headers: { cookie: jar } });
    expect(refreshed.status, refreshed.text).toBe(200);
    remember(refreshed);
    jar = cookiePairs(refreshed).filter((pair) => pair.startsWith('cognito_session.') && !pair.endsWith('=')).join('; ') || jar;
    expect((await d.send({ method: 'GET', path: '/auth/userinfo', headers: { cookie: jar } })).status).toBe(200);
    const signOut = await d.send({ method: 'POST', path: '/auth/sign-out', headers: { cookie: jar } });
    expect(signOut.status, signOut.text).toBe(302);
    // The revoked session's cookie, sent again: its refresh token is dead.
    const dead = await d.send({ method: 'POST', path: '/auth/refresh', headers: { cookie: jar } });
    expect(dead.status, dead.text).toBe(401);
  });

  it("no secret in any of the module's log lines (the local Cognito's own log is not asserted)", () => {
    const found = leaks(logger.lines, secrets);
    console.log(`[logs ${platform}] ${logger.lines.length} module/Nest lines checked against ${secrets.size} secrets; local Cognito printed ${idp.log.length} lines of its own`);
    expect(found.slice(0, 5), `${found.length} leaking lines`).toEqual([]);
  });
});
