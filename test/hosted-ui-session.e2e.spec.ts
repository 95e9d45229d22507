import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { CognitoSessionService, type CognitoModuleOptions } from '../src/cognito/index.js';
import { bootHostedUiApp } from './apps/hosted-ui-app.js';
import { HostedUiBrowser } from '../src/local-cognito/index.js';
import {
  ALICE,
  BOB,
  cookieAttributes,
  expectOAuthError,
  getCallback,
  passHostedUi,
  POOL_WITH_ROTATION,
  LOGOUT_URI,
  setCookies,
  startSignIn,
  REDIRECT_URI,
  type Credentials,
} from './support/hosted-ui-harness.js';
import { clientOptions, useHostedUiSuite, type HostedUiEnv } from './support/hosted-ui-fixture.js';

const OLD_SECRET = 'session-spec-old-secret-0123456789abcdef';
const NEW_SECRET = 'session-spec-new-secret-0123456789abcdef';
const SESSION_COOKIE = /^cognito_session\.\d+$/;


describe('session mode: encrypted cookie, transparent refresh, sign-out', () => {
  const session = (env: HostedUiEnv, clientId = 'localwebclient') => clientOptions(env, clientId, { cookieSecret: OLD_SECRET, session: true });
  const suite = useHostedUiSuite(
    (env) => ({
      app: session(env),
      rotatedSecrets: { ...session(env), cookieSecret: [NEW_SECRET, OLD_SECRET] },
      newSecretOnly: { ...session(env), cookieSecret: [NEW_SECRET] },
      redirecting: { ...session(env), session: { onExpired: 'redirect' } },
      rotatingClient: session(env, 'rotatingclient'),
    }),
    { pool: POOL_WITH_ROTATION, clients: ['localwebclient', 'rotatingclient'] },
  );
  const { apps } = suite;

  interface SessionSignIn {
    /** The browser's cookies after the callback: the session chunks only (the state cookie is spent). */
    jar: HostedUiBrowser;
    res: request.Response;
  }

  /**
   * A whole sign-in in session mode. With `expiresInSeconds`, the IdP's clock is set back so the
   * access token it issues expires that soon (in real time).
   */
  async function sessionSignIn(target: INestApplication, options: { user?: Credentials; query?: Record<string, string>; expiresInSeconds?: number; browser?: HostedUiBrowser } = {}): Promise<SessionSignIn> {
    if (options.expiresInSeconds !== undefined) suite.t.clock.offsetMs = -(3600 - options.expiresInSeconds) * 1000;
    try {
      const { location, jar } = await startSignIn(target, options.query);
      const callback = await passHostedUi(suite.t.idp, location, options.user ?? ALICE);
      if (options.browser) for (const name of [...options.browser.cookies.keys()]) jar.setCookie(name, options.browser.cookie(name)!);
      const res = await getCallback(target, callback, jar);
      expect(res.status, JSON.stringify(res.body)).toBe(302);
      return { jar: jar.takeCookies(setCookies(res)), res };
    } finally {
      suite.t.clock.offsetMs = 0;
    }
  }

  const get = (target: INestApplication, path: string, jar: HostedUiBrowser) => request(target.getHttpServer()).get(path).set('Cookie', jar.cookieHeader());
  const sessionLines = (res: request.Response) => setCookies(res).filter((line) => SESSION_COOKIE.test(line.split('=')[0]!));
  const tokenRequests = () => suite.proxy.count('POST /oauth2/token');

  describe('the callback', () => {
    // A user whose id token alone is over 1.4 KB of attributes.
    beforeAll(() => {
      suite.t.idp.addUser({
        username: 'verbose',
        password: 'Verbose-Passw0rd!',
        attributes: { email: 'verbose@example.com', email_verified: true, name: 'V'.repeat(700), 'custom:bio': 'b'.repeat(700) },
      });
    });

    it('sets HttpOnly, SameSite=Lax, non-Secure (localhost) chunk cookies and 302s to returnTo, with no tokens in the body', async () => {
      const { res, jar } = await sessionSignIn(apps.app, { query: { returnTo: '/profile?tab=1' } });
      expect(res.headers.location).toBe('/profile?tab=1');
      expect(res.text).not.toMatch(/eyJ/);
      const lines = sessionLines(res);
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines[0]).toMatch(/^cognito_session\.0=/);
      for (const line of lines) {
        const attributes = cookieAttributes(line);
        expect(attributes).toHaveProperty('httponly');
        expect(attributes.samesite?.toLowerCase()).toBe('lax');
        expect(attributes.path).toBe('/');
        expect(attributes).not.toHaveProperty('secure');
        expect(Number(attributes['max-age'])).toBe(30 * 24 * 3600);
        expect(Buffer.byteLength(line)).toBeLessThan(4096);
      }
      // Sealed: no JWT readable in the cookie.
      expect(jar.cookieHeader()).not.toMatch(/eyJ[\w-]+\.eyJ/);
      expect([...jar.cookies.keys()].every((name) => SESSION_COOKIE.test(name))).toBe(true);
    });

    it('a session larger than one cookie (id token kept) is split into chunks under 4 KB each, and read back whole', async () => {
      const withIdToken = await bootHostedUiApp({ ...session(suite), session: { idToken: true } } as CognitoModuleOptions);
      try {
        const { res, jar } = await sessionSignIn(withIdToken, { user: { username: 'verbose', password: 'Verbose-Passw0rd!' } });
        const lines = sessionLines(res);
        expect(lines.length).toBe(2);
        for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThan(4096);
        const me = await get(withIdToken, '/', jar);
        expect(me.status, JSON.stringify(me.body)).toBe(200);
        expect(me.body.claims.username).toBe('verbose');

        // Signing in as someone else in the same browser: the leftover chunks go, or the session would be garbled.
        const next = await sessionSignIn(withIdToken, { browser: jar });
        expect(sessionLines(next.res).some((line) => /^cognito_session\.1=;/.test(line) && /Max-Age=0/i.test(line))).toBe(true);
        const again = await get(withIdToken, '/', next.jar);
        expect(again.status, JSON.stringify(again.body)).toBe(200);
        expect(again.body.claims.username).toBe('alice');
      } finally {
        await withIdToken.close();
      }
    });

    it('by default the id token stays out of the cookie: one chunk for the same user', async () => {
      const { res } = await sessionSignIn(apps.app, { user: { username: 'verbose', password: 'Verbose-Passw0rd!' } });
      expect(sessionLines(res)).toHaveLength(1);
    });

    it('a sign-in whose session cannot fit is refused with a 400, and no cookie is written (no 431s later)', async () => {
      const groups = Array.from({ length: 100 }, (_, i) => `group-${String(i).padStart(3, '0')}-${'x'.repeat(30)}`);
      suite.t.idp.addUser({ username: 'crowded', password: 'Crowded-Passw0rd!', groups, attributes: { email: 'crowded@example.com' } });
      const { location, jar } = await startSignIn(apps.app);
      const callback = await passHostedUi(suite.t.idp, location, { username: 'crowded', password: 'Crowded-Passw0rd!' });
      const res = await getCallback(apps.app, callback, jar);
      expectOAuthError(res, 400, 'session_too_large', /server-side sessions/);
      expect(sessionLines(res).filter((line) => !/Max-Age=0/i.test(line))).toEqual([]);
    });

    it('persistent: false writes a browser-session cookie (no Max-Age, no Expires)', async () => {
      const transient = await bootHostedUiApp({ ...session(suite), session: { persistent: false } } as CognitoModuleOptions);
      try {
        const { res, jar } = await sessionSignIn(transient);
        for (const line of sessionLines(res)) expect(line).not.toMatch(/Max-Age|Expires/i);
        await get(transient, '/', jar).expect(200);
      } finally {
        await transient.close();
      }
    });
  });

  it('off localhost (an https redirectUri) the state and session cookies are Secure', async () => {
    const httpsCallback = 'https://app.example.com/auth/callback';
    suite.t.idp.addClientUrls('localwebclient', { callbackUrls: [httpsCallback] });
    const secureApp = await bootHostedUiApp({ ...session(suite), redirectUri: httpsCallback, session: { cookieName: 'sid', maxAge: 3600 } } as CognitoModuleOptions);
    try {
      const { location, jar, setCookie } = await startSignIn(secureApp);
      // Secure cookies get the __Host- prefix: Path=/, no Domain, so no subdomain can plant one.
      expect(setCookie[0]).toMatch(/^__Host-cognito_state_/);
      expect(cookieAttributes(setCookie[0]!)).toMatchObject({ secure: '', path: '/' });
      const callback = await passHostedUi(suite.t.idp, location);
      expect(callback.origin).toBe('https://app.example.com');
      const res = await getCallback(secureApp, callback, jar);
      expect(res.status, JSON.stringify(res.body)).toBe(302);
      const lines = setCookies(res).filter((line) => /^__Host-sid\.\d+=/.test(line));
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        expect(cookieAttributes(line)).toHaveProperty('secure');
        expect(cookieAttributes(line)['max-age']).toBe('3600');
      }
      const me = await request(secureApp.getHttpServer()).get('/').set('Cookie', new HostedUiBrowser().takeCookies(lines).cookieHeader());
      expect(me.status).toBe(200);
    } finally {
      await secureApp.close();
    }
  });

  describe('guarded routes with the cookie alone', () => {
    it('GET / answers 200 with the claims, without asking Cognito', async () => {
      const { jar } = await sessionSignIn(apps.app);
      const before = tokenRequests();
      const me = await get(apps.app, '/', jar);
      expect(me.status, JSON.stringify(me.body)).toBe(200);
      expect(me.body.claims).toMatchObject({ username: 'alice', client_id: 'localwebclient', token_use: 'access' });
      expect(sessionLines(me)).toEqual([]);
      await get(apps.app, '/admin', jar).expect(200);
      expect(tokenRequests()).toBe(before);
    });

    it('a tampered, truncated or foreign cookie is no session: 401 invalid_session, and the cookie is cleared', async () => {
      const { jar } = await sessionSignIn(apps.app);
      const value = jar.cookie('cognito_session.0')!;
      const cases: Record<string, string> = {
        'one character changed': `cognito_session.0=${value.slice(0, 100)}${value[100] === 'A' ? 'B' : 'A'}${value.slice(101)}`,
        truncated: `cognito_session.0=${value.slice(0, value.length - 10)}`,
        'not a JWE': 'cognito_session.0=hello',
        'a plain JWT': `cognito_session.0=${(await suite.t.idp.issueTokens({ username: 'alice' })).access_token}`,
      };
      for (const [name, cookie] of Object.entries(cases)) {
        const res = await request(apps.app.getHttpServer()).get('/').set('Cookie', cookie);
        expect(res.status, name).toBe(401);
        expect(res.body, name).toMatchObject({ statusCode: 401, error: 'invalid_token', reason: 'invalid_session' });
        const cleared = sessionLines(res);
        expect(cleared.map((line) => line.split('=')[0]), name).toEqual(['cognito_session.0']);
        expect(cleared[0], name).toMatch(/Max-Age=0/i);
      }
      // Without the first chunk there is no session cookie at all: no token.
      const orphan = await request(apps.app.getHttpServer()).get('/').set('Cookie', `cognito_session.1=${value}`);
      expect(orphan.body).toMatchObject({ statusCode: 401, error: 'unauthorized', reason: 'missing_token' });
    });

    it('a bearer header still works in session mode', async () => {
      const tokens = await suite.t.idp.issueTokens({ username: 'bob', clientId: 'localwebclient' });
      const me = await request(apps.app.getHttpServer()).get('/').set('Authorization', `Bearer ${tokens.access_token}`);
      expect(me.status).toBe(200);
      expect(me.body.claims.username).toBe('bob');
    });

    it('GET /auth/userinfo with the cookie alone', async () => {
      const { jar } = await sessionSignIn(apps.app);
      const res = await get(apps.app, '/auth/userinfo', jar);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ username: 'alice', email_verified: true });
    });
  });

  describe('cookie secret rotation', () => {
    it('[new, old] reads cookies sealed with old; [new] alone does not', async () => {
      const { jar } = await sessionSignIn(apps.app);
      const rotated = await get(apps.rotatedSecrets, '/', jar);
      expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
      expect(rotated.body.claims.username).toBe('alice');
      expect((await get(apps.newSecretOnly, '/', jar)).status).toBe(401);
    });

    it('a cookie rewritten after rotation is sealed with the new secret', async () => {
      const { jar } = await sessionSignIn(apps.app, { expiresInSeconds: 20 });
      const refreshed = await get(apps.rotatedSecrets, '/', jar);
      expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
      const rewritten = new HostedUiBrowser().takeCookies(sessionLines(refreshed));
      expect([...rewritten.cookies.keys()]).toContain('cognito_session.0');
      expect((await get(apps.newSecretOnly, '/', rewritten)).status).toBe(200);
      expect((await get(apps.app, '/', rewritten)).status).toBe(401);
    });
  });

  describe('transparent refresh', () => {
    it('an access token about to expire is refreshed: 200, a new cookie, one token request', async () => {
      const { jar } = await sessionSignIn(apps.app, { expiresInSeconds: 20 });
      const before = tokenRequests();
      const res = await get(apps.app, '/', jar);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(tokenRequests()).toBe(before + 1);
      expect(res.body.claims.exp).toBeGreaterThan(Date.now() / 1000 + 3000);
      expect(sessionLines(res).some((line) => line.startsWith('cognito_session.0=') && !/Max-Age=0/i.test(line))).toBe(true);
      // The new cookie needs no refresh.
      jar.takeCookies(sessionLines(res));
      const after = await get(apps.app, '/', jar);
      expect(after.status).toBe(200);
      expect(sessionLines(after)).toEqual([]);
      expect(tokenRequests()).toBe(before + 1);
    });

    it('concurrent requests of one session share one refresh', async () => {
      const { jar } = await sessionSignIn(apps.app, { expiresInSeconds: 20 });
      const before = tokenRequests();
      const results = await Promise.all(Array.from({ length: 8 }, () => get(apps.app, '/', jar)));
      expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
      expect(tokenRequests()).toBe(before + 1);
      const tokens = new Set(results.map((r) => r.body.claims.jti));
      expect(tokens.size).toBe(1);
    });

    it('with refresh-token rotation, concurrent and late requests with the old cookie all succeed on one refresh', async () => {
      const { jar } = await sessionSignIn(apps.rotatingClient, { expiresInSeconds: 20 });
      const before = tokenRequests();
      const results = await Promise.all(Array.from({ length: 5 }, () => get(apps.rotatingClient, '/', jar)));
      expect(results.map((r) => r.status)).toEqual(Array(5).fill(200));
      // A request that still carries the old cookie after the refresh finished (the old refresh token is retired now).
      const late = await get(apps.rotatingClient, '/', jar);
      expect(late.status, JSON.stringify(late.body)).toBe(200);
      expect(tokenRequests()).toBe(before + 1);
      // The rewritten cookie holds the rotated refresh token: it refreshes again later.
      const rewritten = new HostedUiBrowser().takeCookies(sessionLines(results[0]!));
      const res = await request(apps.rotatingClient.getHttpServer()).post('/auth/refresh').set('Cookie', rewritten.cookieHeader());
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    });

    it('Cognito down during a refresh, token still valid: 200 with the current token, cookie kept', async () => {
      const { jar } = await sessionSignIn(apps.app, { expiresInSeconds: 20 });
      suite.proxy.mode = 'down';
      const before = tokenRequests();
      const res = await get(apps.app, '/', jar);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.claims.exp).toBeLessThan(Date.now() / 1000 + 30);
      expect(tokenRequests()).toBe(before + 1);
      expect(sessionLines(res)).toEqual([]);
    });

    it('Cognito down during a refresh, token expired: 502, and the session cookie is kept', async () => {
      const { jar } = await sessionSignIn(apps.app, { expiresInSeconds: 2 });
      await new Promise((resolve) => setTimeout(resolve, 2200));
      suite.proxy.mode = 'down';
      const res = await get(apps.app, '/', jar);
      expect(res.status).toBe(502);
      expect(res.body).toMatchObject({ statusCode: 502, error: 'cognito_unavailable' });
      expect(sessionLines(res)).toEqual([]);
    });

    it('a dead refresh token: 401 and the cookie cleared', async () => {
      const { jar } = await sessionSignIn(apps.app, { expiresInSeconds: 20 });
      suite.t.clock.offsetMs = 31 * 24 * 3600_000;
      const res = await get(apps.app, '/', jar).set('Accept', 'text/html');
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'invalid_token', reason: 'session_expired' });
      const cleared = sessionLines(res);
      expect(cleared.length).toBeGreaterThan(0);
      for (const line of cleared) expect(line).toMatch(/Max-Age=0/i);
    });

    it('onExpired: redirect sends browsers (Accept: text/html) to sign-in with returnTo; API calls still get 401', async () => {
      const { jar } = await sessionSignIn(apps.redirecting, { expiresInSeconds: 20 });
      suite.t.clock.offsetMs = 31 * 24 * 3600_000;
      const browser = await get(apps.redirecting, '/reports?x=1', jar).set('Accept', 'text/html,application/xhtml+xml');
      expect(browser.status).toBe(302);
      expect(browser.headers.location).toBe('/auth/sign-in?returnTo=%2Freports%3Fx%3D1');
      const api = await get(apps.redirecting, '/reports?x=1', jar).set('Accept', 'application/json');
      expect(api.status).toBe(401);
      // The redirect target is a working sign-in that remembers where to go back to.
      suite.t.clock.offsetMs = 0;
      const signIn = await request(apps.redirecting.getHttpServer()).get(browser.headers.location as string);
      expect(signIn.status).toBe(302);
      expect(new URL(signIn.headers.location as string).pathname).toBe('/oauth2/authorize');
    });
  });

  describe('behind app.setGlobalPrefix()', () => {
    it('the expired-session redirect keeps the prefix: /api/auth/sign-in, returnTo the prefixed path', async () => {
      const prefixed = await bootHostedUiApp({ ...session(suite), session: { onExpired: 'redirect' } }, { globalPrefix: 'api' });
      try {
        // Same client and secret: the cookie of a sign-in on the unprefixed app opens here too.
        const { jar } = await sessionSignIn(apps.redirecting, { expiresInSeconds: 20 });
        suite.t.clock.offsetMs = 31 * 24 * 3600_000;
        const browser = await get(prefixed, '/api/reports?x=1', jar).set('Accept', 'text/html');
        expect(browser.status).toBe(302);
        expect(browser.headers.location).toBe('/api/auth/sign-in?returnTo=%2Fapi%2Freports%3Fx%3D1');
        suite.t.clock.offsetMs = 0;
        const signIn = await request(prefixed.getHttpServer()).get(browser.headers.location as string);
        expect(signIn.status, 'the redirect target exists').toBe(302);
      } finally {
        await prefixed.close();
      }
    });
  });

  describe('POST /auth/refresh with the cookie', () => {
    it('answers only { expires_in, token_type } and rewrites the cookie', async () => {
      const { jar } = await sessionSignIn(apps.app);
      const before = tokenRequests();
      const res = await request(apps.app.getHttpServer()).post('/auth/refresh').set('Cookie', jar.cookieHeader());
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toEqual({ expires_in: 3600, token_type: 'Bearer' });
      expect(tokenRequests()).toBe(before + 1);
      const rewritten = new HostedUiBrowser().takeCookies(sessionLines(res));
      expect([...rewritten.cookies.keys()]).toContain('cognito_session.0');
      expect((await get(apps.app, '/', rewritten)).status).toBe(200);
    });

    it('a dead session: 401 invalid_grant and the cookie cleared; no session at all: 400', async () => {
      const { jar } = await sessionSignIn(apps.app);
      suite.t.clock.offsetMs = 31 * 24 * 3600_000;
      const res = await request(apps.app.getHttpServer()).post('/auth/refresh').set('Cookie', jar.cookieHeader());
      expectOAuthError(res, 401, 'invalid_grant');
      expect(sessionLines(res).every((line) => /Max-Age=0/i.test(line))).toBe(true);
      expect(sessionLines(res).length).toBeGreaterThan(0);
      expectOAuthError(await request(apps.app.getHttpServer()).post('/auth/refresh'), 400, 'invalid_request');
      expectOAuthError(await request(apps.app.getHttpServer()).post('/auth/refresh').set('Cookie', 'cognito_session.0=garbage'), 400, 'invalid_request');
    });
  });

  describe('sign-out', () => {
    for (const method of ['get', 'post'] as const) {
      it(`${method.toUpperCase()} clears every chunk, revokes the refresh token, and 302s to Cognito's /logout`, async () => {
        const { jar } = await sessionSignIn(apps.app);
        const stolen = new HostedUiBrowser();
        for (const name of [...jar.cookies.keys()]) stolen.setCookie(name, jar.cookie(name)!);
        const before = suite.proxy.count('POST /oauth2/revoke');
        // As a browser sends it for a link or form on the app's own pages.
        const res = await request(apps.app.getHttpServer())[method]('/auth/sign-out').set('Cookie', jar.cookieHeader()).set('Sec-Fetch-Site', 'same-origin');
        expect(res.status).toBe(302);
        const logout = new URL(res.headers.location as string);
        expect(logout.origin + logout.pathname).toBe(`${suite.proxy.url}/logout`);
        expect(Object.fromEntries(logout.searchParams)).toEqual({ client_id: 'localwebclient', logout_uri: LOGOUT_URI });
        expect(suite.proxy.count('POST /oauth2/revoke')).toBe(before + 1);
        const cleared = sessionLines(res);
        expect(cleared.map((line) => line.split('=')[0]).sort()).toEqual([...jar.cookies.keys()].sort());
        for (const line of cleared) expect(line).toMatch(/Max-Age=0/i);
        // A copy of the old cookie can no longer be refreshed.
        expectOAuthError(await request(apps.app.getHttpServer()).post('/auth/refresh').set('Cookie', stolen.cookieHeader()), 401, 'invalid_grant');
      });
    }

    for (const rotation of [false, true]) {
      it(`right after a transparent refresh, a copy of the pre-refresh cookie does not outlive the sign-out${rotation ? ' (rotation)' : ''}`, async () => {
        const target = rotation ? apps.rotatingClient : apps.app;
        const { jar: old } = await sessionSignIn(target, { expiresInSeconds: 20 });
        const refreshed = await get(target, '/', old);
        expect(refreshed.status).toBe(200);
        const current = new HostedUiBrowser().takeCookies(sessionLines(refreshed));
        expect((await request(target.getHttpServer()).post('/auth/sign-out').set('Cookie', current.cookieHeader())).status).toBe(302);
        // The old cookie's access token is about to expire; its refresh token is revoked.
        const replay = await get(target, '/', old);
        expect(replay.status).toBe(401);
        expect(sessionLines(replay).filter((line) => !/Max-Age=0/i.test(line))).toEqual([]);
      });
    }
  });

  it('after sign-out a copy of the session cookie is refused here too (token_revoked), not only at Cognito', async () => {
    const { jar } = await sessionSignIn(apps.app);
    const copy = jar.cookieHeader();
    await get(apps.app, '/', jar).expect(200);
    await request(apps.app.getHttpServer()).post('/auth/sign-out').set('Cookie', copy).set('Sec-Fetch-Site', 'same-origin').expect(302);
    const replay = await request(apps.app.getHttpServer()).get('/').set('Cookie', copy);
    expect(replay.body).toMatchObject({ statusCode: 401, error: 'invalid_token', reason: 'token_revoked' });
  });

  describe('sign-out cannot be forged from another site', () => {
    const signOut = (method: 'get' | 'post', jar: HostedUiBrowser, headers: Record<string, string>) => {
      const req = request(apps.app.getHttpServer())[method]('/auth/sign-out').set('Cookie', jar.cookieHeader());
      for (const [name, value] of Object.entries(headers)) req.set(name, value);
      return req;
    };

    it('a cross-site GET (a link or image on another site) only shows a confirmation: nothing revoked, the session works', async () => {
      const { jar } = await sessionSignIn(apps.app);
      const before = suite.proxy.count('POST /oauth2/revoke');
      const attempts: Array<Record<string, string>> = [{ 'Sec-Fetch-Site': 'cross-site' }, { 'Sec-Fetch-Site': 'same-site' }, {}];
      for (const headers of attempts) {
        const res = await signOut('get', jar, headers);
        expect(res.status, JSON.stringify(headers)).toBe(200);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.text).toContain('<form method="post" action="/auth/sign-out">');
        expect(sessionLines(res)).toEqual([]);
      }
      expect(suite.proxy.count('POST /oauth2/revoke')).toBe(before);
      await get(apps.app, '/', jar).expect(200);
    });

    it('a cross-site POST with the session cookie: 403 cross_site_request, nothing revoked', async () => {
      const { jar } = await sessionSignIn(apps.app);
      const before = suite.proxy.count('POST /oauth2/revoke');
      const forged: Array<Record<string, string>> = [{ 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' }, { Origin: 'https://evil.example' }, { 'Sec-Fetch-Site': 'same-site', Origin: 'https://sub.localhost' }];
      for (const headers of forged) {
        expectOAuthError(await signOut('post', jar, headers), 403, 'cross_site_request');
      }
      expect(suite.proxy.count('POST /oauth2/revoke')).toBe(before);
      await get(apps.app, '/', jar).expect(200);
    });

    it("the app's own origin, a typed URL (Sec-Fetch-Site: none) and non-browser clients sign out", async () => {
      const allowed: Array<Record<string, string>> = [{ Origin: new URL(REDIRECT_URI).origin }, { 'Sec-Fetch-Site': 'none' }];
      for (const headers of allowed) {
        const { jar } = await sessionSignIn(apps.app);
        expect((await signOut(headers.Origin ? 'post' : 'get', jar, headers)).status, JSON.stringify(headers)).toBe(302);
      }
      const { jar } = await sessionSignIn(apps.app);
      expect((await signOut('post', jar, {})).status).toBe(302);
    });
  });
});

describe('session mode with server-side sessions (session.server)', () => {
  const SERVER_SECRET = 'server-sessions-spec-secret-0123456789abcdef';
  const suite = useHostedUiSuite((env) => ({ app: clientOptions(env, 'localwebclient', { cookieSecret: SERVER_SECRET, session: { server: true } }) }));

  async function signIn(user: Credentials): Promise<{ cookie: string; res: request.Response }> {
    const { location, jar } = await startSignIn(suite.apps.app);
    const callback = await passHostedUi(suite.t.idp, location, user);
    const res = await getCallback(suite.apps.app, callback, jar);
    return { cookie: new HostedUiBrowser().takeCookies(setCookies(res).filter((line) => line.startsWith('cognito_session'))).cookieHeader(), res };
  }
  const get = (cookie: string) => request(suite.apps.app.getHttpServer()).get('/').set('Cookie', cookie);

  it('the cookie holds only a sealed session id: small, whatever the tokens', async () => {
    const groups = Array.from({ length: 100 }, (_, i) => `server-group-${String(i).padStart(3, '0')}-${'y'.repeat(30)}`);
    suite.t.idp.addUser({ username: 'many', password: 'Many-Passw0rd!', groups, attributes: { email: 'many@example.com' } });
    const { cookie, res } = await signIn({ username: 'many', password: 'Many-Passw0rd!' });
    expect(res.status, JSON.stringify(res.body)).toBe(302);
    expect(cookie.length).toBeLessThan(500);
    const me = await get(cookie).expect(200);
    expect(me.body.claims['cognito:groups']).toHaveLength(100);
  });

  it("a user's sessions can be listed and ended: the cookies then open nothing", async () => {
    const first = await signIn(ALICE);
    const second = await signIn(ALICE);
    const session = suite.apps.app.get(CognitoSessionService);
    const sub = (await get(first.cookie).expect(200)).body.claims.sub as string;
    expect(await session.listSessions(sub)).toHaveLength(2);
    expect(await session.endSessions(sub)).toHaveLength(2);
    for (const { cookie } of [first, second]) expect((await get(cookie)).body).toMatchObject({ statusCode: 401, reason: 'invalid_session' });
    expect(await session.listSessions(sub)).toEqual([]);
  });

  it('sign-out ends the server-side session', async () => {
    const { cookie } = await signIn(BOB);
    const session = suite.apps.app.get(CognitoSessionService);
    const sub = (await get(cookie).expect(200)).body.claims.sub as string;
    expect(await session.listSessions(sub)).toHaveLength(1);
    await request(suite.apps.app.getHttpServer()).post('/auth/sign-out').set('Cookie', cookie).expect(302);
    expect(await session.listSessions(sub)).toEqual([]);
  });
});
