import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { ALICE, authorizeUrl, CALLBACK, startHarness, token, WEB, type Harness } from './helpers.js';
import { DEMO_USERS, LocalCognito } from '../../src/local-cognito/index.js';

describe('local cognito: testing kit', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.cognito.stop());

  const jwks = async () => (await (await fetch(h.cognito.jwksUri)).json()) as JSONWebKeySet;

  it('issueTokens mints verifiable tokens with a working refresh token', async () => {
    const tokens = await h.cognito.issueTokens({ username: 'alice', nonce: 'n', groups: ['ops'], scopes: ['openid', 'email'] });
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const keys = createLocalJWKSet(await jwks());
    const id = await jwtVerify(tokens.id_token, keys, { issuer: h.cognito.issuer, audience: WEB.clientId });
    expect(id.payload).toMatchObject({ nonce: 'n', 'cognito:groups': ['ops'], email: 'alice@example.com', token_use: 'id' });
    const access = await jwtVerify(tokens.access_token, keys, { issuer: h.cognito.issuer });
    expect(access.payload).toMatchObject({ scope: 'openid email', client_id: WEB.clientId, 'cognito:groups': ['ops'] });
    const refreshed = await token(h.cognito, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, WEB);
    expect(refreshed.status).toBe(200);
  });

  it('issueTokens lets tests override claims and lifetimes', async () => {
    const tokens = await h.cognito.issueTokens({ username: 'bob', accessTokenValiditySeconds: 30, claims: { token_use: 'id', 'custom:x': 'y' } });
    expect(tokens.expires_in).toBe(30);
    const access = decodeJwt(tokens.access_token);
    expect(access.exp! - access.iat!).toBe(30);
    expect(access).toMatchObject({ token_use: 'id', 'custom:x': 'y' });
    await expect(h.cognito.issueTokens({ username: 'nobody' })).rejects.toThrow(/no user/);
    await expect(h.cognito.issueTokens({ username: 'alice', clientId: 'nope' })).rejects.toThrow(/no app client/);
  });

  it('issueClientToken mints M2M tokens', async () => {
    const all = await h.cognito.issueClientToken({});
    expect(decodeJwt(all.access_token)).toMatchObject({ client_id: 'localm2mclient', sub: 'localm2mclient', scope: 'demo-api/read demo-api/write' });
    const one = await h.cognito.issueClientToken({ scopes: ['demo-api/read'] });
    expect(decodeJwt(one.access_token).scope).toBe('demo-api/read');
  });

  it('signInThroughHostedUi returns the callback with code and state', async () => {
    const location = await h.cognito.signInThroughHostedUi(authorizeUrl(h.cognito, { state: 'xyz', scope: 'openid' }), ALICE);
    const url = new URL(location);
    expect(`${url.origin}${url.pathname}`).toBe(CALLBACK);
    expect(url.searchParams.get('state')).toBe('xyz');
    const result = await token(h.cognito, { grant_type: 'authorization_code', code: url.searchParams.get('code')!, redirect_uri: CALLBACK }, WEB);
    expect(result.status).toBe(200);
  });

  it('signInThroughHostedUi throws with the page error, or returns an error redirect', async () => {
    await expect(h.cognito.signInThroughHostedUi(authorizeUrl(h.cognito, {}), { username: 'alice', password: 'bad' })).rejects.toThrow('Incorrect username or password.');
    await expect(h.cognito.signInThroughHostedUi(authorizeUrl(h.cognito, { client_id: 'nope' }), ALICE)).rejects.toThrow(/client_id is not known/);
    const error = new URL(await h.cognito.signInThroughHostedUi(authorizeUrl(h.cognito, { scope: 'offline_access' }), ALICE));
    expect(error.searchParams.get('error')).toBe('invalid_scope');
  });

  it('addUser adds or replaces users at run time', async () => {
    h.cognito.addUser({ username: 'dave', password: 'Dave-Passw0rd!', groups: ['g1'] });
    const location = new URL(await h.cognito.signInThroughHostedUi(authorizeUrl(h.cognito, {}), { username: 'dave', password: 'Dave-Passw0rd!' }));
    expect(location.searchParams.get('code')).toBeTruthy();
    h.cognito.addUser({ username: 'dave', password: 'Other-Passw0rd!' });
    await expect(h.cognito.signInThroughHostedUi(authorizeUrl(h.cognito, {}), { username: 'dave', password: 'Dave-Passw0rd!' })).rejects.toThrow(/Incorrect/);
    expect(() => h.cognito.addUser({ username: 'bad user', password: 'x' })).toThrow(/username/);
  });

  it('rotateKeys replaces both keys, optionally keeping the old ones', async () => {
    const before = await h.cognito.issueTokens({ username: 'alice' });
    const oldKids = (await jwks()).keys.map((k) => k.kid);

    await h.cognito.rotateKeys({ keepOld: true });
    const kept = (await jwks()).keys.map((k) => k.kid);
    expect(kept).toHaveLength(4);
    expect(kept).toEqual(expect.arrayContaining(oldKids));
    const after = await h.cognito.issueTokens({ username: 'alice' });
    expect(oldKids).not.toContain(decodeProtectedHeader(after.access_token).kid);
    const userInfo = (t: string) => fetch(`${h.cognito.url}/oauth2/userInfo`, { headers: { authorization: `Bearer ${t}` } });
    expect((await userInfo(before.access_token)).status).toBe(200);

    await h.cognito.rotateKeys();
    expect((await jwks()).keys).toHaveLength(2);
    expect((await userInfo(before.access_token)).status).toBe(401);
  });
});

describe('testing kit: an app under test signs users in', () => {
  it('settingsFor(clientId, { redirectUri, logoutUri }) registers the URLs and returns them for forRoot', async () => {
    const idp = await LocalCognito.start({ logger: () => {} });
    try {
      const settings = idp.settingsFor('localspaclient', { redirectUri: 'http://127.0.0.1:4321/auth/callback', logoutUri: 'http://127.0.0.1:4321/' });
      expect(settings).toMatchObject({ clientId: 'localspaclient', redirectUri: 'http://127.0.0.1:4321/auth/callback', logoutUri: 'http://127.0.0.1:4321/' });
      const authorize = new URL('/oauth2/authorize', idp.url);
      authorize.search = new URLSearchParams({ client_id: 'localspaclient', response_type: 'code', redirect_uri: settings.redirectUri!, scope: 'openid' }).toString();
      const callback = new URL(await idp.signInThroughHostedUi(authorize.href, DEMO_USERS.alice));
      expect(callback.origin + callback.pathname).toBe('http://127.0.0.1:4321/auth/callback');
      expect(callback.searchParams.get('code')).toBeTruthy();
      // Without URLs: the client's own first ones.
      expect(idp.settingsFor('localwebclient')).toMatchObject({ redirectUri: 'http://localhost:3000/auth/callback', logoutUri: 'http://localhost:3000/' });
    } finally {
      await idp.stop();
    }
  });
});
