import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { HostedUiBrowser } from '../src/local-cognito/index.js';
import {
  ALICE,
  BOB,
  claimsOf,
  cookieAttributes,
  getCallback,
  passHostedUi,
  REDIRECT_URI,
  signInAtIdp,
  startSignIn,
} from './support/hosted-ui-harness.js';
import { clientOptions, useHostedUiSuite } from './support/hosted-ui-fixture.js';

const TOKEN_KEYS = ['access_token', 'expires_in', 'id_token', 'refresh_token', 'token_type'];

describe('hosted-UI flow: sign-in redirect, callback, sign-up and password reset', () => {
  const suite = useHostedUiSuite((env) => ({
    web: clientOptions(env, 'localwebclient'),
    spa: clientOptions(env, 'localspaclient', { direct: true }),
  }));
  const { apps } = suite;

  it('redirects to /oauth2/authorize with state, PKCE S256, nonce and the default scopes', async () => {
    const { location, state, setCookie } = await startSignIn(apps.web);
    expect(location.origin + location.pathname).toBe(`${suite.proxy.url}/oauth2/authorize`);
    const q = location.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe('localwebclient');
    expect(q.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(q.get('scope')).toBe('openid email profile');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('nonce')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(state).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(q.get('scope')).not.toContain('offline_access');

    // One state cookie, bound to the callback path, for this sign-in only.
    expect(setCookie).toHaveLength(1);
    const [pair] = setCookie[0]!.split(';');
    expect(pair).toMatch(/^cognito_state_[\w-]{16}=/);
    const attributes = cookieAttributes(setCookie[0]!);
    expect(attributes).toHaveProperty('httponly');
    expect(attributes.samesite?.toLowerCase()).toBe('lax');
    expect(attributes.path).toBe('/auth/callback');
    expect(attributes).not.toHaveProperty('secure');
    expect(Number(attributes['max-age'])).toBeGreaterThan(0);
    // The cookie is sealed: neither the state, the nonce nor the PKCE verifier can be read from it.
    const value = pair!.slice(pair!.indexOf('=') + 1);
    expect(value).not.toContain(state);
    expect(value).not.toContain(q.get('nonce'));
  });

  it('starts every sign-in with a fresh state, nonce and code challenge', async () => {
    const a = await startSignIn(apps.web);
    const b = await startSignIn(apps.web);
    for (const name of ['state', 'nonce', 'code_challenge']) {
      expect(a.location.searchParams.get(name)).not.toBe(b.location.searchParams.get(name));
    }
    expect([...a.jar.cookies.keys()]).not.toEqual([...b.jar.cookies.keys()]);
  });

  it('confidential client: the callback exchanges the code (one token request) and answers the tokens as JSON', async () => {
    const { callback, jar, location } = await signInAtIdp(apps.web, suite.t.idp);
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
    const before = suite.proxy.count('POST /oauth2/token');
    const res = await getCallback(apps.web, callback, jar);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(TOKEN_KEYS);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(suite.proxy.count('POST /oauth2/token')).toBe(before + 1);
    // The id token carries the nonce this sign-in sent.
    const id = claimsOf(res.body.id_token);
    expect(id).toMatchObject({ aud: 'localwebclient', token_use: 'id', nonce: location.searchParams.get('nonce'), 'cognito:username': 'alice' });
    // The state cookie is used up.
    const cleared = (res.headers['set-cookie'] as unknown as string[] | undefined)?.find((l) => l.startsWith([...jar.cookies.keys()][0]!));
    expect(cleared).toMatch(/Max-Age=0/i);
    const me = await request(apps.web.getHttpServer()).get('/').set('Authorization', `Bearer ${res.body.access_token}`).expect(200);
    expect(me.body.claims).toMatchObject({ username: 'alice', client_id: 'localwebclient' });
  });

  it('public client (no secret): the whole flow works with client_id alone, refresh included', async () => {
    const { callback, jar } = await signInAtIdp(apps.spa, suite.t.idp, BOB);
    const res = await getCallback(apps.spa, callback, jar);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(TOKEN_KEYS);
    expect(claimsOf(res.body.access_token)).toMatchObject({ client_id: 'localspaclient', username: 'bob' });
    await request(apps.spa.getHttpServer()).get('/').set('Authorization', `Bearer ${res.body.access_token}`).expect(200);
    // bob is not in the admin group.
    await request(apps.spa.getHttpServer()).get('/admin').set('Authorization', `Bearer ${res.body.access_token}`).expect(403);
    const refreshed = await request(apps.spa.getHttpServer()).post('/auth/refresh').send({ refresh_token: res.body.refresh_token });
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
    expect(refreshed.body.refresh_token).toBe(res.body.refresh_token);
  });

  it('sends the PKCE verifier: a code issued without the challenge cannot be redeemed by our callback', async () => {
    // If the challenge is stripped on the way to Cognito, the verifier we send no longer fits.
    const { location, jar } = await startSignIn(apps.web);
    location.searchParams.delete('code_challenge');
    location.searchParams.delete('code_challenge_method');
    const callback = await passHostedUi(suite.t.idp, location);
    const res = await getCallback(apps.web, callback, jar);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'invalid_grant' });
  });

  it('concurrent sign-in, sign-up and forgot-password requests each go to their own page', async () => {
    const paths = Array.from({ length: 12 }, (_, i) => ['/auth/sign-in', '/auth/sign-up', '/auth/forgot-password'][i % 3]!);
    const results = await Promise.all(paths.map((path) => request(apps.web.getHttpServer()).get(path)));
    const pages = results.map((res) => new URL(res.headers.location as string).pathname);
    expect(pages).toEqual(paths.map((path) => ({ '/auth/sign-in': '/oauth2/authorize', '/auth/sign-up': '/signup', '/auth/forgot-password': '/forgotPassword' })[path]));
  });

  it('passes identity_provider, idp_identifier, lang, login_hint and prompt through to the authorize URL', async () => {
    const query = { identity_provider: 'COGNITO', idp_identifier: 'example.com', lang: 'es', login_hint: 'alice@example.com', prompt: 'login' };
    const { location } = await startSignIn(apps.web, query);
    for (const [name, value] of Object.entries(query)) expect(location.searchParams.get(name)).toBe(value);
  });

  it('does not let the caller override the flow parameters through the query', async () => {
    const { location } = await startSignIn(apps.web, {
      redirect_uri: 'https://evil.example/cb',
      client_id: 'localspaclient',
      scope: 'aws.cognito.signin.user.admin',
      response_type: 'token',
      code_challenge_method: 'plain',
      state: 'attacker-chosen-state-value-00000',
      nonce: 'attacker',
    });
    const q = location.searchParams;
    expect(q.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(q.get('client_id')).toBe('localwebclient');
    expect(q.get('scope')).toBe('openid email profile');
    expect(q.get('response_type')).toBe('code');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('state')).not.toBe('attacker-chosen-state-value-00000');
    expect(q.get('nonce')).not.toBe('attacker');
  });

  it('lang and login_hint reach the hosted UI, which signs the user in', async () => {
    const { location, jar } = await startSignIn(apps.web, { lang: 'fr', login_hint: 'alice' });
    const callback = await passHostedUi(suite.t.idp, location);
    const res = await getCallback(apps.web, callback, jar);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it('/auth/sign-up goes to the IdP sign-up page with state and PKCE, and a new user ends up signed in', async () => {
    const { location, jar, setCookie } = await startSignIn(apps.web, {}, '/auth/sign-up');
    expect(location.origin + location.pathname).toBe(`${suite.proxy.url}/signup`);
    expect(location.searchParams.get('state')).toBeTruthy();
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(location.searchParams.get('nonce')).toBeTruthy();
    expect(location.searchParams.get('client_id')).toBe('localwebclient');
    expect(location.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(setCookie).toHaveLength(1);

    const browser = new HostedUiBrowser(suite.t.idp.url);
    const form = await browser.open(location.pathname + location.search);
    expect(form.status).toBe(200);
    const username = `carol${Date.now()}`;
    const confirm = await browser.submit(form, '/signup', { username, email: `${username}@example.com`, password: 'Carol-Passw0rd!' });
    expect(confirm.status).toBe(200);
    const code = suite.t.log.map((line) => new RegExp(`confirmation code for ${username}: (\\w+)`).exec(line)?.[1]).find(Boolean);
    expect(code).toBeTruthy();
    const done = await browser.submit(confirm, '/confirm', { username, code: code! });
    expect(done.leftTo?.origin + done.leftTo!.pathname).toBe(REDIRECT_URI);

    const res = await getCallback(apps.web, done.leftTo!, jar);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(claimsOf(res.body.id_token)).toMatchObject({ 'cognito:username': username, email_verified: true, nonce: location.searchParams.get('nonce') });
  });

  it('/auth/forgot-password goes to the IdP password-reset page with state and PKCE, and the reset user can sign in', async () => {
    const { location, jar } = await startSignIn(apps.web, {}, '/auth/forgot-password');
    expect(location.origin + location.pathname).toBe(`${suite.proxy.url}/forgotPassword`);
    expect(location.searchParams.get('state')).toBeTruthy();
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(location.searchParams.get('scope')).toBe('openid email profile');

    const username = `dave${Date.now()}`;
    suite.t.idp.addUser({ username, password: 'Dave-Old-Passw0rd!', attributes: { email: `${username}@example.com`, email_verified: true } });
    const browser = new HostedUiBrowser(suite.t.idp.url);
    const form = await browser.open(location.pathname + location.search);
    expect(form.status).toBe(200);
    const confirm = await browser.submit(form, '/forgotPassword', { username });
    expect(confirm.status).toBe(200);
    const code = suite.t.log.map((line) => new RegExp(`password reset code for ${username}: (\\w+)`).exec(line)?.[1]).find(Boolean);
    expect(code).toBeTruthy();
    const login = await browser.submit(confirm, '/confirmForgotPassword', { username, code: code!, password: 'Dave-New-Passw0rd!' });
    expect(login.status).toBe(200);
    const done = await browser.submit(login, '/login', { username, password: 'Dave-New-Passw0rd!' });
    expect(done.leftTo?.origin + done.leftTo!.pathname).toBe(REDIRECT_URI);

    const res = await getCallback(apps.web, done.leftTo!, jar);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(claimsOf(res.body.access_token)).toMatchObject({ username });
  });

  it('two sign-ins in two tabs of one browser both complete', async () => {
    const a = await startSignIn(apps.web);
    const b = await startSignIn(apps.web);
    const jar = a.jar.takeCookies(b.setCookie);
    const callbackA = await passHostedUi(suite.t.idp, a.location, ALICE);
    const callbackB = await passHostedUi(suite.t.idp, b.location, BOB);
    const resB = await getCallback(apps.web, callbackB, jar);
    const resA = await getCallback(apps.web, callbackA, jar);
    expect([resA.status, resB.status]).toEqual([200, 200]);
    expect(claimsOf(resA.body.access_token).username).toBe('alice');
    expect(claimsOf(resB.body.access_token).username).toBe('bob');
  });
});
