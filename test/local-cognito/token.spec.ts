import { HostedUiBrowser } from '../../src/local-cognito/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { ALICE, authorizeUrl, basic, CALLBACK, codeFlowTokens, M2M, pkce, postForm, signIn, SPA, startHarness, token, WEB, type Harness } from './helpers.js';

describe('local cognito: token endpoint', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      pool: {
        resourceServers: [{ identifier: 'demo-api', scopes: ['read', 'write'] }, { identifier: 'other-api', scopes: ['x'] }],
        clients: [
          { clientId: 'localwebclient', clientSecret: 'localwebclient-secret', callbackUrls: [CALLBACK], allowedOAuthScopes: ['openid', 'email', 'profile', 'demo-api/read'] },
          { clientId: 'localspaclient', callbackUrls: [CALLBACK], allowedOAuthScopes: ['openid', 'email'] },
          { clientId: 'rotating', clientSecret: 'rotating-secret', callbackUrls: [CALLBACK], refreshTokenRotation: true, retryGracePeriodSeconds: 10 },
          { clientId: 'localm2mclient', clientSecret: 'localm2mclient-secret', allowedOAuthFlows: ['client_credentials'], allowedOAuthScopes: ['demo-api/read', 'demo-api/write'] },
        ],
        users: [
          { username: 'alice', password: 'Alice-Passw0rd!', groups: ['admin'], attributes: { email: 'alice@example.com', email_verified: true, name: 'Alice', 'custom:tenant': 'acme' } },
          { username: 'bob', password: 'Bob-Passw0rd!', attributes: { email: 'bob@example.com', email_verified: 'false' } },
        ],
      },
    });
  });
  afterAll(() => h.cognito.stop());

  async function freshCode(params: Record<string, string> = {}, clientId = WEB.clientId): Promise<string> {
    const callback = await signIn(new HostedUiBrowser(), authorizeUrl(h.cognito, { client_id: clientId, ...params }));
    return callback.searchParams.get('code')!;
  }

  it('issues Cognito-shaped ID and access tokens, signed by different keys', async () => {
    const tokens = await codeFlowTokens(h.cognito, { scope: 'openid email demo-api/read', nonce: 'abc' });
    const jwks = createRemoteJWKSet(new URL(h.cognito.jwksUri));
    const id = await jwtVerify(tokens.id_token as string, jwks, { issuer: h.cognito.issuer, audience: WEB.clientId, algorithms: ['RS256'] });
    const access = await jwtVerify(tokens.access_token as string, jwks, { issuer: h.cognito.issuer, algorithms: ['RS256'] });
    expect(id.protectedHeader.kid).not.toBe(access.protectedHeader.kid);

    expect(access.payload).not.toHaveProperty('aud');
    expect(access.payload).toMatchObject({ client_id: WEB.clientId, token_use: 'access', scope: 'openid email demo-api/read', username: 'alice', 'cognito:groups': ['admin'], version: 2 });
    for (const claim of ['sub', 'origin_jti', 'event_id', 'auth_time', 'exp', 'iat', 'jti']) expect(access.payload).toHaveProperty(claim);
    expect(access.payload.exp! - access.payload.iat!).toBe(3600);

    expect(id.payload).toMatchObject({
      sub: access.payload.sub,
      aud: WEB.clientId,
      'cognito:username': 'alice',
      'cognito:groups': ['admin'],
      email: 'alice@example.com',
      email_verified: true,
      'custom:tenant': 'acme',
      nonce: 'abc',
      token_use: 'id',
      auth_time: access.payload.auth_time,
      origin_jti: access.payload.origin_jti,
    });
    expect(id.payload).not.toHaveProperty('name'); // needs the profile scope
    expect(id.payload.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const expectedHash = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(tokens.access_token as string))).subarray(0, 16).toString('base64url');
    expect(id.payload.at_hash).toBe(expectedHash);
    expect(typeof tokens.refresh_token).toBe('string');
    expect((tokens.refresh_token as string).length).toBeGreaterThan(100);
  });

  it('omits the ID token without openid, and groups for a user without groups', async () => {
    const code = await freshCode({ scope: 'demo-api/read' });
    const result = await token(h.cognito, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK }, WEB);
    expect(result.status).toBe(200);
    expect(result.body).not.toHaveProperty('id_token');
    expect(result.body).toHaveProperty('refresh_token');

    const bob = await codeFlowTokens(h.cognito, { scope: 'openid email' }, { username: 'bob', password: 'Bob-Passw0rd!' });
    expect(decodeJwt(bob.access_token as string)).not.toHaveProperty('cognito:groups');
    expect(decodeJwt(bob.id_token as string)).toMatchObject({ email_verified: false });
  });

  it('accepts a code only once, and revokes what the first use issued', async () => {
    const { verifier, challenge } = pkce();
    const code = await freshCode({ code_challenge: challenge, code_challenge_method: 'S256' });
    const form = { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier };
    const first = await token(h.cognito, form, WEB);
    expect(first.status).toBe(200);
    const second = await token(h.cognito, form, WEB);
    expect(second).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const refreshed = await token(h.cognito, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token as string }, WEB);
    expect(refreshed.body.error).toBe('invalid_grant');
  });

  it('expires codes after 5 minutes', async () => {
    const code = await freshCode();
    h.advance(5 * 60_000 + 1);
    const result = await token(h.cognito, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK }, WEB);
    expect(result).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('requires the exact redirect_uri and the same client', async () => {
    const code = await freshCode();
    expect((await token(h.cognito, { grant_type: 'authorization_code', code, redirect_uri: `${CALLBACK}/` }, WEB)).body.error).toBe('invalid_grant');
    expect((await token(h.cognito, { grant_type: 'authorization_code', code }, WEB)).body.error).toBe('invalid_request');
    expect((await token(h.cognito, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, client_id: SPA.clientId })).body.error).toBe('invalid_grant');
    expect((await token(h.cognito, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK }, WEB)).status).toBe(200);
  });

  it('verifies PKCE: missing or wrong verifier is invalid_grant', async () => {
    const { verifier, challenge } = pkce();
    const code = await freshCode({ code_challenge: challenge, code_challenge_method: 'S256' });
    const base = { grant_type: 'authorization_code', code, redirect_uri: CALLBACK };
    expect((await token(h.cognito, base, WEB)).body.error).toBe('invalid_grant');
    expect((await token(h.cognito, { ...base, code_verifier: pkce().verifier }, WEB)).body.error).toBe('invalid_grant');
    expect((await token(h.cognito, { ...base, code_verifier: verifier }, WEB)).status).toBe(200);
  });

  it('authenticates clients by Basic or post; a secret-bearing client must send its secret', async () => {
    const tokenUrl = `${h.cognito.url}/oauth2/token`;
    const post = await token(h.cognito, { grant_type: 'authorization_code', code: await freshCode(), redirect_uri: CALLBACK, client_id: WEB.clientId, client_secret: WEB.clientSecret });
    expect(post.status).toBe(200);

    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ client_id: WEB.clientId }, {}],
      [{ client_id: WEB.clientId, client_secret: 'wrong' }, {}],
      [{}, { authorization: basic(WEB.clientId, 'wrong') }],
      [{}, { authorization: basic('nobody', 'x') }],
      [{}, {}],
      [{ client_id: SPA.clientId, client_secret: 'invented' }, {}],
    ];
    for (const [form, headers] of cases) {
      const response = await postForm(tokenUrl, { grant_type: 'authorization_code', code: await freshCode(), redirect_uri: CALLBACK, ...form }, headers);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBe('invalid_client');
    }
  });

  it('lets a public client redeem with only client_id', async () => {
    const { verifier, challenge } = pkce();
    const code = await freshCode({ code_challenge: challenge, code_challenge_method: 'S256' }, SPA.clientId);
    const result = await token(h.cognito, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, client_id: SPA.clientId, code_verifier: verifier });
    expect(result.status).toBe(200);
    expect(decodeJwt(result.body.id_token as string).aud).toBe(SPA.clientId);
  });

  it('refreshes without rotation: new access and ID tokens, same auth_time, no refresh token', async () => {
    const first = await codeFlowTokens(h.cognito);
    h.advance(60_000);
    const refreshed = await token(h.cognito, { grant_type: 'refresh_token', refresh_token: first.refresh_token as string }, WEB);
    expect(refreshed.status).toBe(200);
    expect(Object.keys(refreshed.body).sort()).toEqual(['access_token', 'expires_in', 'id_token', 'token_type']);
    const before = decodeJwt(first.access_token as string);
    const after = decodeJwt(refreshed.body.access_token as string);
    expect(after.auth_time).toBe(before.auth_time);
    expect(after.iat).toBeGreaterThan(before.iat!);
    expect(after.origin_jti).toBe(before.origin_jti);
    expect(decodeJwt(refreshed.body.id_token as string)).not.toHaveProperty('nonce');
    // Still usable: no rotation.
    expect((await token(h.cognito, { grant_type: 'refresh_token', refresh_token: first.refresh_token as string }, WEB)).status).toBe(200);

    const otherClient = await token(h.cognito, { grant_type: 'refresh_token', refresh_token: first.refresh_token as string, client_id: SPA.clientId });
    expect(otherClient.body.error).toBe('invalid_grant');
    expect((await token(h.cognito, { grant_type: 'refresh_token' }, WEB)).body.error).toBe('invalid_request');
    expect((await token(h.cognito, { grant_type: 'refresh_token', refresh_token: 'garbage' }, WEB)).body.error).toBe('invalid_grant');
  });

  it('rotates refresh tokens when the client enables it, with a grace period', async () => {
    const rotating = { clientId: 'rotating', clientSecret: 'rotating-secret' };
    const code = await freshCode({}, rotating.clientId);
    const first = await token(h.cognito, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK }, rotating);
    const second = await token(h.cognito, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token as string }, rotating);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).toBeTruthy();
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
    // Within the 10 s grace period, the old token still works once more.
    expect((await token(h.cognito, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token as string }, rotating)).status).toBe(200);
    h.advance(10_001);
    expect((await token(h.cognito, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token as string }, rotating)).body.error).toBe('invalid_grant');
    expect((await token(h.cognito, { grant_type: 'refresh_token', refresh_token: second.body.refresh_token as string }, rotating)).status).toBe(200);
  });

  it('issues client-credentials tokens with custom scopes only', async () => {
    const all = await token(h.cognito, { grant_type: 'client_credentials' }, M2M);
    expect(all.status).toBe(200);
    expect(Object.keys(all.body).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
    const { payload } = await jwtVerify(all.body.access_token as string, createRemoteJWKSet(new URL(h.cognito.jwksUri)), { issuer: h.cognito.issuer });
    expect(payload).toMatchObject({ sub: M2M.clientId, client_id: M2M.clientId, token_use: 'access', scope: 'demo-api/read demo-api/write', version: 2 });
    for (const claim of ['exp', 'iat', 'jti']) expect(payload).toHaveProperty(claim);
    for (const claim of ['username', 'cognito:groups', 'aud']) expect(payload).not.toHaveProperty(claim);

    const some = await token(h.cognito, { grant_type: 'client_credentials', scope: 'demo-api/write other-api/x unknown/y' }, M2M);
    expect(decodeJwt(some.body.access_token as string).scope).toBe('demo-api/write');
    expect((await token(h.cognito, { grant_type: 'client_credentials', scope: 'openid' }, M2M)).body.error).toBe('invalid_scope');
    expect((await token(h.cognito, { grant_type: 'client_credentials' }, WEB)).body.error).toBe('unauthorized_client');
    expect((await token(h.cognito, { grant_type: 'client_credentials', client_id: M2M.clientId })).body.error).toBe('invalid_client');
    expect((await token(h.cognito, { grant_type: 'authorization_code', code: 'x', redirect_uri: CALLBACK }, M2M)).body.error).toBe('unauthorized_client');
  });

  it('rejects unsupported grants, wrong content types and oversize bodies', async () => {
    expect(await token(h.cognito, { grant_type: 'password', username: 'alice', password: ALICE.password }, WEB)).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    expect((await token(h.cognito, {}, WEB)).body.error).toBe('invalid_request');
    const json = await fetch(`${h.cognito.url}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: basic(WEB.clientId, WEB.clientSecret) }, body: '{"grant_type":"client_credentials"}' });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: string }).error).toBe('invalid_request');
    const big = await postForm(`${h.cognito.url}/oauth2/token`, { grant_type: 'client_credentials', padding: 'x'.repeat(70 * 1024) });
    expect(big.status).toBe(413);
    // The server survived.
    expect((await token(h.cognito, { grant_type: 'client_credentials' }, M2M)).status).toBe(200);
    const error = await postForm(`${h.cognito.url}/oauth2/token`, { grant_type: 'nope' });
    expect(error.headers.get('content-type')).toMatch(/^application\/json/);
    expect(error.headers.get('access-control-allow-origin')).toBe('*');
  });
});
