import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostedUiBrowser } from '../../src/local-cognito/index.js';
import { authorizeUrl, CALLBACK, signIn, startHarness, WEB, type Harness } from './helpers.js';

describe('local cognito: logout', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.cognito.stop());

  const logoutUrl = (params: Record<string, string>) => `${h.cognito.url}/logout?${new URLSearchParams(params)}`;

  it('ends the session and redirects to an allowed logout_uri', async () => {
    const browser = new HostedUiBrowser();
    await signIn(browser, authorizeUrl(h.cognito, {}));
    expect(browser.cookies.has('cognito')).toBe(true);

    const response = await browser.get(logoutUrl({ client_id: WEB.clientId, logout_uri: 'http://localhost:3000/' }));
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('http://localhost:3000/');
    expect(browser.cookies.has('cognito')).toBe(false);

    const next = await browser.get(authorizeUrl(h.cognito, {}));
    expect(new URL(next.headers.get('location')!, h.cognito.url).pathname).toBe('/login');
  });

  it('invalidates the session server-side, even if the old cookie is replayed', async () => {
    const browser = new HostedUiBrowser();
    await signIn(browser, authorizeUrl(h.cognito, {}));
    const stolen = browser.cookies.get('cognito')!;
    await browser.get(logoutUrl({ client_id: WEB.clientId, logout_uri: 'http://localhost:3000/' }));
    browser.setCookie('cognito', stolen);
    const next = await browser.get(authorizeUrl(h.cognito, {}));
    expect(new URL(next.headers.get('location')!, h.cognito.url).pathname).toBe('/login');
  });

  it('supports the redirect_uri + response_type mode (sign out, then sign in again)', async () => {
    const browser = new HostedUiBrowser();
    await signIn(browser, authorizeUrl(h.cognito, {}));
    const response = await browser.get(logoutUrl({ client_id: WEB.clientId, redirect_uri: CALLBACK, response_type: 'code', state: 's' }));
    expect(response.status).toBe(302);
    const login = new URL(response.headers.get('location')!, h.cognito.url);
    expect(login.pathname).toBe('/login');
    expect(login.searchParams.get('state')).toBe('s');
    expect(browser.cookies.has('cognito')).toBe(false);
  });

  it('shows an error page for a missing client or an unlisted URL', async () => {
    const cases: Record<string, string>[] = [
      { logout_uri: 'http://localhost:3000/' },
      { client_id: 'unknown', logout_uri: 'http://localhost:3000/' },
      { client_id: WEB.clientId, logout_uri: 'https://evil.example/' },
      { client_id: WEB.clientId },
      { client_id: WEB.clientId, logout_uri: 'http://localhost:3000/', redirect_uri: CALLBACK, response_type: 'code' },
      { client_id: WEB.clientId, redirect_uri: 'https://evil.example/', response_type: 'code' },
    ];
    for (const params of cases) {
      const response = await fetch(logoutUrl(params), { redirect: 'manual' });
      expect(response.status, JSON.stringify(params)).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    }
  });

  it('accepts sign-out URLs added at run time', async () => {
    h.cognito.addClientUrls(WEB.clientId, { logoutUrls: ['http://localhost:4000/bye'], callbackUrls: ['http://localhost:4000/cb'] });
    const response = await fetch(logoutUrl({ client_id: WEB.clientId, logout_uri: 'http://localhost:4000/bye' }), { redirect: 'manual' });
    expect(response.headers.get('location')).toBe('http://localhost:4000/bye');
    expect(() => h.cognito.addClientUrls(WEB.clientId, { callbackUrls: ['http://evil.example/cb'] })).toThrow(/https/);
  });
});
