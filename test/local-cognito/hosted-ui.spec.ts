import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { HostedUiBrowser } from '../../src/local-cognito/index.js';
import { ALICE, authorizeUrl, CALLBACK, errorText, hiddenFields, pkce, postForm, signIn, startHarness, token, WEB, type Harness } from './helpers.js';

describe('local cognito: authorize and hosted UI', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.cognito.stop());

  it('runs the full code flow with PKCE, state and nonce', async () => {
    const { verifier, challenge } = pkce();
    const browser = new HostedUiBrowser();
    const url = authorizeUrl(h.cognito, { scope: 'openid email profile', state: 'st-1', nonce: 'n-1', code_challenge: challenge, code_challenge_method: 'S256' });

    const toLogin = await browser.get(url);
    expect(toLogin.status).toBe(302);
    const loginUrl = new URL(toLogin.headers.get('location')!, h.cognito.url);
    expect(loginUrl.pathname).toBe('/login');
    expect(loginUrl.searchParams.get('state')).toBe('st-1');

    const page = await (await browser.get(loginUrl.toString())).text();
    expect(page).toContain('name="username"');
    expect(page).toContain('name="password"');
    expect(page).toContain('<button type="submit">Sign in</button>');
    expect(hiddenFields(page).get('_csrf')).toBeTruthy();
    expect(hiddenFields(page).get('code_challenge')).toBe(challenge);

    const done = await browser.post(`${h.cognito.url}/login`, new URLSearchParams({ ...Object.fromEntries(hiddenFields(page)), ...ALICE }));
    expect(done.status).toBe(302);
    const callback = new URL(done.headers.get('location')!);
    expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK);
    expect(callback.searchParams.get('state')).toBe('st-1');
    const session = done.headers.getSetCookie().find((c) => c.startsWith('cognito='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).toMatch(/Path=\//);
    expect(session).toMatch(/Max-Age=3600/);

    const result = await token(h.cognito, { grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: CALLBACK, code_verifier: verifier }, WEB);
    expect(result.status).toBe(200);
    expect(Object.keys(result.body).sort()).toEqual(['access_token', 'expires_in', 'id_token', 'refresh_token', 'token_type']);
    expect(result.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const jwks = createRemoteJWKSet(new URL(h.cognito.jwksUri));
    const { payload } = await jwtVerify(result.body.id_token as string, jwks, { issuer: h.cognito.issuer, audience: WEB.clientId });
    expect(payload.nonce).toBe('n-1');
    expect(h.logs.some((l) => l.includes('Alice-Passw0rd!') || l.includes(result.body.access_token as string))).toBe(false);
  });

  it('pre-fills the username from login_hint and escapes it', async () => {
    const page = await (await new HostedUiBrowser().get(`${h.cognito.url}/login?${new URL(authorizeUrl(h.cognito, { login_hint: '"><script>x</script>' })).searchParams}`)).text();
    expect(page).toContain('name="username" value="&#34;&#62;&#60;script&#62;x&#60;/script&#62;"');
    expect(page).not.toContain('<script>');
  });

  it('re-shows the form with an error on a wrong password or unknown user', async () => {
    for (const creds of [{ username: 'alice', password: 'nope' }, { username: 'mallory', password: 'x' }]) {
      const browser = new HostedUiBrowser();
      const login = await browser.open(authorizeUrl(h.cognito, {}));
      const result = await browser.submit(login, '/login', creds);
      expect(result.status).toBe(400);
      expect(result.leftTo).toBeUndefined();
      expect(result.message).toBe('Incorrect username or password.');
      expect(errorText(result.html)).toBe('Incorrect username or password.');
      expect(result.html).toContain('<button type="submit">Sign in</button>');
    }
  });

  it('shows an error page, never a redirect, for a bad client_id or redirect_uri', async () => {
    const cases = [
      { client_id: 'unknown' },
      { client_id: undefined },
      { redirect_uri: 'http://localhost:3000/evil' },
      { redirect_uri: 'http://localhost:3000/auth/callback/' },
      { redirect_uri: undefined },
    ];
    for (const params of cases) {
      const response = await fetch(authorizeUrl(h.cognito, params), { redirect: 'manual' });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain('An error was encountered with the requested page');
    }
  });

  it('redirects authorize errors back to a registered redirect_uri with state', async () => {
    const cases: [Record<string, string | undefined>, string][] = [
      [{ response_type: undefined }, 'invalid_request'],
      [{ response_type: 'id_token' }, 'unsupported_response_type'],
      [{ response_type: 'token' }, 'unauthorized_client'],
      [{ code_challenge: pkce().challenge, code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge_method: 'S256' }, 'invalid_request'],
      [{ code_challenge: pkce().challenge }, 'invalid_request'],
      [{ scope: 'openid offline_access' }, 'invalid_scope'],
      [{ scope: 'email' }, 'invalid_scope'],
      [{ scope: 'unknown-api/read' }, 'invalid_scope'],
      [{ identity_provider: 'Google' }, 'invalid_request'],
      [{ prompt: 'none' }, 'login_required'],
    ];
    for (const [params, error] of cases) {
      const response = await fetch(authorizeUrl(h.cognito, { state: 'keep me', ...params }), { redirect: 'manual' });
      expect(response.status, JSON.stringify(params)).toBe(302);
      const location = new URL(response.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
      expect(location.searchParams.get('error'), JSON.stringify(params)).toBe(error);
      expect(location.searchParams.get('state')).toBe('keep me');
    }
  });

  it('ignores scopes the client may not use and grants all client scopes without scope', async () => {
    const browser = new HostedUiBrowser();
    const callback = await signIn(browser, authorizeUrl(h.cognito, { scope: 'openid phone demo-api/write demo-api/read' }));
    const granted = await token(h.cognito, { grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: CALLBACK }, WEB);
    const scope = JSON.parse(Buffer.from((granted.body.access_token as string).split('.')[1]!, 'base64url').toString()).scope;
    expect(scope).toBe('openid demo-api/read');

    const all = await signIn(browser, authorizeUrl(h.cognito, {}));
    const allTokens = await token(h.cognito, { grant_type: 'authorization_code', code: all.searchParams.get('code')!, redirect_uri: CALLBACK }, WEB);
    const allScope = JSON.parse(Buffer.from((allTokens.body.access_token as string).split('.')[1]!, 'base64url').toString()).scope;
    expect(allScope.split(' ').sort()).toEqual(['aws.cognito.signin.user.admin', 'demo-api/read', 'email', 'openid', 'profile']);
  });

  it('skips the form within the session, unless prompt=login; prompt=none then succeeds', async () => {
    const browser = new HostedUiBrowser();
    await signIn(browser, authorizeUrl(h.cognito, { state: 'a' }));
    const again = await browser.get(authorizeUrl(h.cognito, { state: 'b' }));
    const location = new URL(again.headers.get('location')!);
    expect(location.searchParams.get('code')).toBeTruthy();
    expect(location.searchParams.get('state')).toBe('b');

    const silent = new URL((await browser.get(authorizeUrl(h.cognito, { prompt: 'none' }))).headers.get('location')!);
    expect(silent.searchParams.get('code')).toBeTruthy();

    const forced = await browser.get(authorizeUrl(h.cognito, { prompt: 'login' }));
    expect(new URL(forced.headers.get('location')!, h.cognito.url).pathname).toBe('/login');

    h.advance(3600_000);
    const expired = await browser.get(authorizeUrl(h.cognito, {}));
    expect(new URL(expired.headers.get('location')!, h.cognito.url).pathname).toBe('/login');
  });

  it('rejects a cross-posted form without the CSRF token', async () => {
    const params = Object.fromEntries(new URL(authorizeUrl(h.cognito, {})).searchParams);
    const response = await postForm(`${h.cognito.url}/login`, { ...params, ...ALICE });
    expect(response.status).toBe(403);
    expect(response.headers.get('location')).toBeNull();

    const browser = new HostedUiBrowser();
    await browser.get(`${h.cognito.url}/login?${new URLSearchParams(params)}`);
    const forged = await browser.post(`${h.cognito.url}/login`, { ...params, ...ALICE, _csrf: 'x'.repeat(43) });
    expect(forged.status).toBe(403);
  });
});
