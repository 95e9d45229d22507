import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bootHostedUiApp } from './apps/hosted-ui-app.js';
import { CountingProxy } from './support/counting-proxy.js';
import { BOB, claimsOf, expectOAuthError, LOGOUT_URI, POOL_WITH_ROTATION, REDIRECT_URI, signInForTokens, startIdp, type TestIdp } from './support/hosted-ui-harness.js';

const TOKEN_KEYS = ['access_token', 'expires_in', 'id_token', 'refresh_token', 'token_type'];


describe('refresh, userInfo and sign-out (JSON mode)', () => {
  let t: TestIdp;
  let proxy: CountingProxy;
  let web: INestApplication;
  let rotating: INestApplication;

  beforeAll(async () => {
    t = await startIdp({ pool: POOL_WITH_ROTATION });
    proxy = await CountingProxy.start(t.idp.url);
    web = await bootHostedUiApp({ ...t.idp.settingsFor('localwebclient'), domain: proxy.url, redirectUri: REDIRECT_URI, logoutUri: LOGOUT_URI });
    rotating = await bootHostedUiApp({ ...t.idp.settingsFor('rotatingclient'), redirectUri: REDIRECT_URI, logoutUri: LOGOUT_URI });
  });
  afterEach(() => {
    proxy.mode = 'pass';
  });
  afterAll(async () => {
    await web?.close();
    await rotating?.close();
    await proxy?.stop();
    await t?.idp.stop();
  });

  const refresh = (app: INestApplication, body: unknown) => request(app.getHttpServer()).post('/auth/refresh').send(body as object);

  describe('POST /auth/refresh', () => {
    it('answers new tokens and keeps the refresh token when Cognito returns none', async () => {
      const tokens = await signInForTokens(web, t.idp);
      const res = await refresh(web, { refresh_token: tokens.refresh_token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(TOKEN_KEYS);
      expect(res.body.refresh_token).toBe(tokens.refresh_token);
      expect(res.body.access_token).not.toBe(tokens.access_token);
      expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
      expect(claimsOf(res.body.access_token)).toMatchObject({ username: 'alice', client_id: 'localwebclient' });
      await request(web.getHttpServer()).get('/').set('Authorization', `Bearer ${res.body.access_token}`).expect(200);
      // Refreshing again with the kept token works.
      expect((await refresh(web, { refresh_token: res.body.refresh_token })).status).toBe(200);
    });

    it('with rotation the new refresh token replaces the old one, which stops working', async () => {
      const tokens = await signInForTokens(rotating, t.idp);
      const first = await refresh(rotating, { refresh_token: tokens.refresh_token });
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(first.body.refresh_token).toEqual(expect.any(String));
      expect(first.body.refresh_token).not.toBe(tokens.refresh_token);
      expectOAuthError(await refresh(rotating, { refresh_token: tokens.refresh_token }), 401, 'invalid_grant');
      const second = await refresh(rotating, { refresh_token: first.body.refresh_token });
      expect(second.status, JSON.stringify(second.body)).toBe(200);
      expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
    });

    it('an unknown, revoked or other client\'s refresh token: 401 invalid_grant', async () => {
      expectOAuthError(await refresh(web, { refresh_token: 'not-a-refresh-token' }), 401, 'invalid_grant');
      const revoked = await signInForTokens(web, t.idp, BOB);
      const signOut = await request(web.getHttpServer()).post('/auth/sign-out').send({ refresh_token: revoked.refresh_token });
      expect(signOut.status).toBe(302);
      expectOAuthError(await refresh(web, { refresh_token: revoked.refresh_token }), 401, 'invalid_grant');
      const spaTokens = await t.idp.issueTokens({ username: 'alice', clientId: 'localspaclient' });
      expectOAuthError(await refresh(web, { refresh_token: spaTokens.refresh_token }), 401, 'invalid_grant');
    });

    it('a refresh token past its lifetime: 401 invalid_grant', async () => {
      const tokens = await t.idp.issueTokens({ username: 'alice', clientId: 'localwebclient' });
      t.clock.offsetMs = 31 * 24 * 3600_000;
      try {
        expectOAuthError(await refresh(web, { refresh_token: tokens.refresh_token }), 401, 'invalid_grant');
      } finally {
        t.clock.offsetMs = 0;
      }
    });

    it('no refresh token: 400 invalid_request, and Cognito is not asked', async () => {
      const before = proxy.count('POST /oauth2/token');
      for (const body of [{}, { refresh_token: '' }, { refresh_token: 42 }, { refresh_token: ['a', 'b'] }, { refresh_token: null }]) {
        expectOAuthError(await refresh(web, body), 400, 'invalid_request', /refresh_token/);
      }
      expectOAuthError(await request(web.getHttpServer()).post('/auth/refresh'), 400, 'invalid_request');
      expectOAuthError(await request(web.getHttpServer()).post('/auth/refresh').type('form').send('refresh_token='), 400, 'invalid_request');
      expect(proxy.count('POST /oauth2/token')).toBe(before);
    });

    it('an oversized refresh token: 400, not forwarded', async () => {
      const before = proxy.count('POST /oauth2/token');
      expectOAuthError(await refresh(web, { refresh_token: 'x'.repeat(9000) }), 400, 'invalid_request');
      expect(proxy.count('POST /oauth2/token')).toBe(before);
    });

    it('Cognito down or answering garbage: 502', async () => {
      const tokens = await t.idp.issueTokens({ username: 'alice', clientId: 'localwebclient' });
      proxy.mode = 'down';
      expectOAuthError(await refresh(web, { refresh_token: tokens.refresh_token }), 502, 'cognito_unavailable');
      proxy.mode = 'garbage';
      expectOAuthError(await refresh(web, { refresh_token: tokens.refresh_token }), 502, 'cognito_bad_response');
      proxy.mode = 'pass';
      expect((await refresh(web, { refresh_token: tokens.refresh_token })).status).toBe(200);
    });
  });

  describe('GET /auth/userinfo', () => {
    it('answers the user\'s attributes with email_verified as a boolean', async () => {
      const tokens = await signInForTokens(web, t.idp);
      const res = await request(web.getHttpServer()).get('/auth/userinfo').set('Authorization', `Bearer ${tokens.access_token}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ username: 'alice', email: 'alice@example.com', email_verified: true, sub: claimsOf(tokens.access_token).sub });
      expect(proxy.count('GET /oauth2/userInfo')).toBeGreaterThan(0);
    });

    it('normalizes "false" too', async () => {
      t.idp.addUser({
        username: 'erin',
        password: 'Erin-Passw0rd!',
        attributes: { email: 'erin@example.com', email_verified: false },
      });
      const tokens = await t.idp.issueTokens({ username: 'erin', clientId: 'localwebclient' });
      const res = await request(web.getHttpServer()).get('/auth/userinfo').set('Authorization', `Bearer ${tokens.access_token}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ username: 'erin', email_verified: false });
    });

    it('no token: 401 invalid_token, without asking Cognito', async () => {
      const before = proxy.count('GET /oauth2/userInfo');
      expectOAuthError(await request(web.getHttpServer()).get('/auth/userinfo'), 401, 'invalid_token');
      expectOAuthError(await request(web.getHttpServer()).get('/auth/userinfo').set('Authorization', 'Basic abc'), 401, 'invalid_token');
      expect(proxy.count('GET /oauth2/userInfo')).toBe(before);
    });

    it('a revoked access token: 401 invalid_token', async () => {
      const tokens = await signInForTokens(web, t.idp);
      await request(web.getHttpServer()).post('/auth/sign-out').send({ refresh_token: tokens.refresh_token }).expect(302);
      const res = await request(web.getHttpServer()).get('/auth/userinfo').set('Authorization', `Bearer ${tokens.access_token}`);
      expectOAuthError(res, 401, 'invalid_token');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
    });

    it('a garbage bearer token: 4xx from Cognito mapped, never a 500', async () => {
      const res = await request(web.getHttpServer()).get('/auth/userinfo').set('Authorization', 'Bearer abc.def.ghi');
      expectOAuthError(res, 401, 'invalid_token');
    });

    it('Cognito down: 502', async () => {
      const tokens = await t.idp.issueTokens({ username: 'alice', clientId: 'localwebclient' });
      proxy.mode = 'down';
      expectOAuthError(await request(web.getHttpServer()).get('/auth/userinfo').set('Authorization', `Bearer ${tokens.access_token}`), 502, 'cognito_unavailable');
    });
  });

  describe('sign-out', () => {
    function expectCognitoLogout(location: string) {
      const url = new URL(location);
      expect(url.origin + url.pathname).toBe(`${proxy.url}/logout`);
      expect([...url.searchParams.keys()].sort()).toEqual(['client_id', 'logout_uri']);
      expect(url.searchParams.get('client_id')).toBe('localwebclient');
      expect(url.searchParams.get('logout_uri')).toBe(LOGOUT_URI);
    }

    it('GET: 302 to Cognito\'s /logout with client_id and logout_uri only, which the IdP accepts', async () => {
      const before = proxy.count('POST /oauth2/revoke');
      const res = await request(web.getHttpServer()).get('/auth/sign-out');
      expect(res.status).toBe(302);
      expectCognitoLogout(res.headers.location as string);
      expect(proxy.count('POST /oauth2/revoke')).toBe(before);
      const logout = await fetch(res.headers.location as string, { redirect: 'manual' });
      expect(logout.status).toBe(302);
      expect(logout.headers.get('location')).toBe(LOGOUT_URI);
    });

    it('POST with { refresh_token }: revokes it at /oauth2/revoke, then 302; the token no longer refreshes', async () => {
      const tokens = await signInForTokens(web, t.idp);
      const before = proxy.count('POST /oauth2/revoke');
      const res = await request(web.getHttpServer()).post('/auth/sign-out').send({ refresh_token: tokens.refresh_token });
      expect(res.status).toBe(302);
      expectCognitoLogout(res.headers.location as string);
      expect(proxy.count('POST /oauth2/revoke')).toBe(before + 1);
      expectOAuthError(await refresh(web, { refresh_token: tokens.refresh_token }), 401, 'invalid_grant');
    });

    it('POST without a body: 302, nothing to revoke', async () => {
      const before = proxy.count('POST /oauth2/revoke');
      const res = await request(web.getHttpServer()).post('/auth/sign-out');
      expect(res.status).toBe(302);
      expectCognitoLogout(res.headers.location as string);
      expect(proxy.count('POST /oauth2/revoke')).toBe(before);
    });

    it('still signs out when revocation fails (Cognito down)', async () => {
      const tokens = await t.idp.issueTokens({ username: 'alice', clientId: 'localwebclient' });
      proxy.mode = 'down';
      const res = await request(web.getHttpServer()).post('/auth/sign-out').send({ refresh_token: tokens.refresh_token });
      expect(res.status).toBe(302);
      expectCognitoLogout(res.headers.location as string);
    });

    it('without a logoutUri: 204 after revoking', async () => {
      const noLogout = await bootHostedUiApp({ ...t.idp.settingsFor('localwebclient'), redirectUri: REDIRECT_URI });
      try {
        const tokens = await t.idp.issueTokens({ username: 'alice', clientId: 'localwebclient' });
        const res = await request(noLogout.getHttpServer()).post('/auth/sign-out').send({ refresh_token: tokens.refresh_token });
        expect(res.status).toBe(204);
        expectOAuthError(await refresh(noLogout, { refresh_token: tokens.refresh_token }), 401, 'invalid_grant');
      } finally {
        await noLogout.close();
      }
    });
  });
});
