import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { bootHostedUiApp } from './apps/hosted-ui-app.js';
import { clientOptions, useHostedUiSuite } from './support/hosted-ui-fixture.js';
import { BOB, claimsOf, expectOAuthError, getCallback, LOGOUT_URI, POOL_WITH_ROTATION, REDIRECT_URI, signInAtIdp, signInForTokens } from './support/hosted-ui-harness.js';

const TOKEN_KEYS = ['access_token', 'expires_in', 'id_token', 'refresh_token', 'token_type'];


describe('refresh, userInfo and sign-out (JSON mode)', () => {
  const suite = useHostedUiSuite(
    (env) => ({ web: clientOptions(env, 'localwebclient'), rotating: clientOptions(env, 'rotatingclient', { direct: true }) }),
    { pool: POOL_WITH_ROTATION },
  );
  const { apps } = suite;

  const refresh = (app: INestApplication, body: unknown) => request(app.getHttpServer()).post('/auth/refresh').send(body as object);

  describe('POST /auth/refresh', () => {
    it('answers new tokens and keeps the refresh token when Cognito returns none', async () => {
      const tokens = await signInForTokens(apps.web, suite.t.idp);
      const res = await refresh(apps.web, { refresh_token: tokens.refresh_token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(TOKEN_KEYS);
      expect(res.body.refresh_token).toBe(tokens.refresh_token);
      expect(res.body.access_token).not.toBe(tokens.access_token);
      expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
      expect(claimsOf(res.body.access_token)).toMatchObject({ username: 'alice', client_id: 'localwebclient' });
      await request(apps.web.getHttpServer()).get('/').set('Authorization', `Bearer ${res.body.access_token}`).expect(200);
      // Refreshing again with the kept token works.
      expect((await refresh(apps.web, { refresh_token: res.body.refresh_token })).status).toBe(200);
    });

    it('with rotation the new refresh token replaces the old one, which stops working', async () => {
      const tokens = await signInForTokens(apps.rotating, suite.t.idp);
      const first = await refresh(apps.rotating, { refresh_token: tokens.refresh_token });
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(first.body.refresh_token).toEqual(expect.any(String));
      expect(first.body.refresh_token).not.toBe(tokens.refresh_token);
      expectOAuthError(await refresh(apps.rotating, { refresh_token: tokens.refresh_token }), 401, 'invalid_grant');
      const second = await refresh(apps.rotating, { refresh_token: first.body.refresh_token });
      expect(second.status, JSON.stringify(second.body)).toBe(200);
      expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
    });

    it('an unknown, revoked or other client\'s refresh token: 401 invalid_grant', async () => {
      expectOAuthError(await refresh(apps.web, { refresh_token: 'not-a-refresh-token' }), 401, 'invalid_grant');
      const revoked = await signInForTokens(apps.web, suite.t.idp, BOB);
      const signOut = await request(apps.web.getHttpServer()).post('/auth/sign-out').send({ refresh_token: revoked.refresh_token });
      expect(signOut.status).toBe(302);
      expectOAuthError(await refresh(apps.web, { refresh_token: revoked.refresh_token }), 401, 'invalid_grant');
      const spaTokens = await suite.t.idp.issueTokens({ username: 'alice', clientId: 'localspaclient' });
      expectOAuthError(await refresh(apps.web, { refresh_token: spaTokens.refresh_token }), 401, 'invalid_grant');
    });

    it('a refresh token past its lifetime: 401 invalid_grant', async () => {
      const tokens = await suite.t.idp.issueTokens({ username: 'alice', clientId: 'localwebclient' });
      suite.t.clock.offsetMs = 31 * 24 * 3600_000;
      try {
        expectOAuthError(await refresh(apps.web, { refresh_token: tokens.refresh_token }), 401, 'invalid_grant');
      } finally {
        suite.t.clock.offsetMs = 0;
      }
    });

    it('no refresh token: 400 invalid_request, and Cognito is not asked', async () => {
      const before = suite.proxy.count('POST /oauth2/token');
      for (const body of [{}, { refresh_token: '' }, { refresh_token: 42 }, { refresh_token: ['a', 'b'] }, { refresh_token: null }]) {
        expectOAuthError(await refresh(apps.web, body), 400, 'invalid_request', /refresh_token/);
      }
      expectOAuthError(await request(apps.web.getHttpServer()).post('/auth/refresh'), 400, 'invalid_request');
      expectOAuthError(await request(apps.web.getHttpServer()).post('/auth/refresh').type('form').send('refresh_token='), 400, 'invalid_request');
      expect(suite.proxy.count('POST /oauth2/token')).toBe(before);
    });

    it('an oversized refresh token: 400, not forwarded', async () => {
      const before = suite.proxy.count('POST /oauth2/token');
      expectOAuthError(await refresh(apps.web, { refresh_token: 'x'.repeat(9000) }), 400, 'invalid_request');
      expect(suite.proxy.count('POST /oauth2/token')).toBe(before);
    });

    it('Cognito down or answering garbage: 502', async () => {
      const tokens = await suite.t.idp.issueTokens({ username: 'alice', clientId: 'localwebclient' });
      suite.proxy.mode = 'down';
      expectOAuthError(await refresh(apps.web, { refresh_token: tokens.refresh_token }), 502, 'cognito_unavailable');
      suite.proxy.mode = 'garbage';
      expectOAuthError(await refresh(apps.web, { refresh_token: tokens.refresh_token }), 502, 'cognito_bad_response');
      suite.proxy.mode = 'pass';
      expect((await refresh(apps.web, { refresh_token: tokens.refresh_token })).status).toBe(200);
    });
  });

  it('token responses (callback and refresh) are never stored by a cache: Cache-Control: no-store (RFC 6749 §5.1)', async () => {
    const { callback, jar } = await signInAtIdp(apps.web, suite.t.idp);
    const signedIn = await getCallback(apps.web, callback, jar);
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers['cache-control']).toBe('no-store');
    expect(signedIn.headers.pragma).toBe('no-cache');
    const refreshed = await refresh(apps.web, { refresh_token: signedIn.body.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.headers['cache-control']).toBe('no-store');
  });

  describe('GET /auth/userinfo', () => {
    it('answers the user\'s attributes with email_verified as a boolean', async () => {
      const tokens = await signInForTokens(apps.web, suite.t.idp);
      const res = await request(apps.web.getHttpServer()).get('/auth/userinfo').set('Authorization', `Bearer ${tokens.access_token}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ username: 'alice', email: 'alice@example.com', email_verified: true, sub: claimsOf(tokens.access_token).sub });
      expect(suite.proxy.count('GET /oauth2/userInfo')).toBeGreaterThan(0);
    });

    it('normalizes "false" too', async () => {
      suite.t.idp.addUser({
        username: 'erin',
        password: 'Erin-Passw0rd!',
        attributes: { email: 'erin@example.com', email_verified: false },
      });
      const tokens = await suite.t.idp.issueTokens({ username: 'erin', clientId: 'localwebclient' });
      const res = await request(apps.web.getHttpServer()).get('/auth/userinfo').set('Authorization', `Bearer ${tokens.access_token}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ username: 'erin', email_verified: false });
    });

    it('no token: 401 invalid_token, without asking Cognito', async () => {
      const before = suite.proxy.count('GET /oauth2/userInfo');
      expectOAuthError(await request(apps.web.getHttpServer()).get('/auth/userinfo'), 401, 'invalid_token');
      expectOAuthError(await request(apps.web.getHttpServer()).get('/auth/userinfo').set('Authorization', 'Basic abc'), 401, 'invalid_token');
      expect(suite.proxy.count('GET /oauth2/userInfo')).toBe(before);
    });

    it('a revoked access token: 401 invalid_token', async () => {
      const tokens = await signInForTokens(apps.web, suite.t.idp);
      await request(apps.web.getHttpServer()).post('/auth/sign-out').send({ refresh_token: tokens.refresh_token }).expect(302);
      const res = await request(apps.web.getHttpServer()).get('/auth/userinfo').set('Authorization', `Bearer ${tokens.access_token}`);
      expectOAuthError(res, 401, 'invalid_token');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
    });

    it('a garbage bearer token: 401 from our own verification, never forwarded to Cognito', async () => {
      const before = suite.proxy.count('GET /oauth2/userInfo');
      const res = await request(apps.web.getHttpServer()).get('/auth/userinfo').set('Authorization', 'Bearer abc.def.ghi');
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'invalid_token', reason: 'malformed_token' });
      expect(suite.proxy.count('GET /oauth2/userInfo')).toBe(before);
    });

    it("another app client's token (valid at Cognito): refused exactly as the guard refuses it, Cognito never asked", async () => {
      const spaTokens = await suite.t.idp.issueTokens({ username: 'alice', clientId: 'localspaclient' });
      const before = suite.proxy.count('GET /oauth2/userInfo');
      const res = await request(apps.web.getHttpServer()).get('/auth/userinfo').set('Authorization', `Bearer ${spaTokens.access_token}`);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: 'invalid_token', reason: 'invalid_client_id' });
      const guarded = await request(apps.web.getHttpServer()).get('/').set('Authorization', `Bearer ${spaTokens.access_token}`);
      expect(guarded.body.reason).toBe('invalid_client_id');
      expect(suite.proxy.count('GET /oauth2/userInfo')).toBe(before);
    });

    it('Cognito down: 502', async () => {
      const tokens = await suite.t.idp.issueTokens({ username: 'alice', clientId: 'localwebclient' });
      suite.proxy.mode = 'down';
      expectOAuthError(await request(apps.web.getHttpServer()).get('/auth/userinfo').set('Authorization', `Bearer ${tokens.access_token}`), 502, 'cognito_unavailable');
    });
  });

  describe('sign-out', () => {
    function expectCognitoLogout(location: string) {
      const url = new URL(location);
      expect(url.origin + url.pathname).toBe(`${suite.proxy.url}/logout`);
      expect([...url.searchParams.keys()].sort()).toEqual(['client_id', 'logout_uri']);
      expect(url.searchParams.get('client_id')).toBe('localwebclient');
      expect(url.searchParams.get('logout_uri')).toBe(LOGOUT_URI);
    }

    it('GET: 302 to Cognito\'s /logout with client_id and logout_uri only, which the IdP accepts', async () => {
      const before = suite.proxy.count('POST /oauth2/revoke');
      const res = await request(apps.web.getHttpServer()).get('/auth/sign-out');
      expect(res.status).toBe(302);
      expectCognitoLogout(res.headers.location as string);
      expect(suite.proxy.count('POST /oauth2/revoke')).toBe(before);
      const logout = await fetch(res.headers.location as string, { redirect: 'manual' });
      expect(logout.status).toBe(302);
      expect(logout.headers.get('location')).toBe(LOGOUT_URI);
    });

    it('POST with { refresh_token }: revokes it at /oauth2/revoke, then 302; the token no longer refreshes', async () => {
      const tokens = await signInForTokens(apps.web, suite.t.idp);
      const before = suite.proxy.count('POST /oauth2/revoke');
      const res = await request(apps.web.getHttpServer()).post('/auth/sign-out').send({ refresh_token: tokens.refresh_token });
      expect(res.status).toBe(302);
      expectCognitoLogout(res.headers.location as string);
      expect(suite.proxy.count('POST /oauth2/revoke')).toBe(before + 1);
      expectOAuthError(await refresh(apps.web, { refresh_token: tokens.refresh_token }), 401, 'invalid_grant');
    });

    it('POST without a body: 302, nothing to revoke', async () => {
      const before = suite.proxy.count('POST /oauth2/revoke');
      const res = await request(apps.web.getHttpServer()).post('/auth/sign-out');
      expect(res.status).toBe(302);
      expectCognitoLogout(res.headers.location as string);
      expect(suite.proxy.count('POST /oauth2/revoke')).toBe(before);
    });

    it('still signs out when revocation fails (Cognito down)', async () => {
      const tokens = await suite.t.idp.issueTokens({ username: 'alice', clientId: 'localwebclient' });
      suite.proxy.mode = 'down';
      const res = await request(apps.web.getHttpServer()).post('/auth/sign-out').send({ refresh_token: tokens.refresh_token });
      expect(res.status).toBe(302);
      expectCognitoLogout(res.headers.location as string);
    });

    it('without a logoutUri: 204 after revoking', async () => {
      const noLogout = await bootHostedUiApp({ ...suite.t.idp.settingsFor('localwebclient'), redirectUri: REDIRECT_URI, logoutUri: undefined });
      try {
        const tokens = await suite.t.idp.issueTokens({ username: 'alice', clientId: 'localwebclient' });
        const res = await request(noLogout.getHttpServer()).post('/auth/sign-out').send({ refresh_token: tokens.refresh_token });
        expect(res.status).toBe(204);
        expectOAuthError(await refresh(noLogout, { refresh_token: tokens.refresh_token }), 401, 'invalid_grant');
      } finally {
        await noLogout.close();
      }
    });
  });
});
