import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, HostedUiBrowser } from '../../src/local-cognito/index.js';
import { authorizeUrl, CALLBACK, startHarness, type Harness } from './helpers.js';

describe('HostedUiBrowser', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.cognito.stop());

  it('follows the provider\'s redirects to a page, keeping its cookies', async () => {
    const browser = new HostedUiBrowser();
    expect(browser.origin).toBeUndefined();
    const login = await browser.open(authorizeUrl(h.cognito, { state: 's' }));
    expect(browser.origin).toBe(h.cognito.url);
    expect(login.status).toBe(200);
    expect(login.leftTo).toBeUndefined();
    expect(login.url.pathname).toBe('/login');
    expect(login.html).toContain('action="/login"');
    expect(browser.cookie('XSRF-TOKEN')).toMatch(/^[\w-]{43}$/);
    expect(browser.cookieHeader()).toBe(`XSRF-TOKEN=${browser.cookie('XSRF-TOKEN')}`);
  });

  it('submits a form with its hidden fields and stops at a redirect leaving the provider', async () => {
    const browser = new HostedUiBrowser();
    const login = await browser.open(authorizeUrl(h.cognito, { state: 'keep' }));
    // Default action: the page's first form; the HTML alone is enough.
    const done = await browser.submit(login.html, undefined, DEMO_USERS.bob);
    expect(done.status).toBe(302);
    expect(done.html).toBe('');
    expect(`${done.leftTo!.origin}${done.leftTo!.pathname}`).toBe(CALLBACK);
    expect(done.leftTo!.searchParams.get('state')).toBe('keep');
    expect(browser.cookies.has('cognito')).toBe(true);
  });

  it('reports the page message, and refuses a form that is not there', async () => {
    const browser = new HostedUiBrowser();
    const login = await browser.open(authorizeUrl(h.cognito, {}));
    const wrong = await browser.submit(login, '/login', { username: 'alice', password: 'nope' });
    expect(wrong).toMatchObject({ status: 400, message: 'Incorrect username or password.' });
    await expect(browser.submit(login, '/signup', {})).rejects.toThrow('no form posting to /signup');
    const error = await browser.open(authorizeUrl(h.cognito, { client_id: 'nope' }));
    expect(error).toMatchObject({ status: 400, message: 'The client_id is not known to this user pool.' });
  });

  it('signIn returns the callback, or throws with the page\'s message', async () => {
    const browser = new HostedUiBrowser(h.cognito.url);
    const callback = await browser.signIn(authorizeUrl(h.cognito, {}), DEMO_USERS.alice);
    expect(callback.searchParams.get('code')).toBeTruthy();
    // Within the session: no form, straight back.
    expect((await browser.signIn(authorizeUrl(h.cognito, {}), { username: 'ignored', password: 'ignored' })).searchParams.get('code')).toBeTruthy();
    await expect(new HostedUiBrowser().signIn(authorizeUrl(h.cognito, {}), { username: 'alice', password: 'bad' })).rejects.toThrow('local-cognito: sign-in failed: Incorrect username or password.');
  });

  it('lets tests set and drop cookies; get and post send them without following redirects', async () => {
    const browser = new HostedUiBrowser();
    await browser.signIn(authorizeUrl(h.cognito, {}), DEMO_USERS.alice);
    const session = browser.cookie('cognito')!;
    browser.deleteCookie('cognito');
    const fresh = await browser.get(authorizeUrl(h.cognito, {}));
    expect(fresh.status).toBe(302);
    expect(new URL(fresh.headers.get('location')!, h.cognito.url).pathname).toBe('/login');
    browser.setCookie('cognito', session);
    const resumed = await browser.get(authorizeUrl(h.cognito, {}));
    expect(new URL(resumed.headers.get('location')!).searchParams.get('code')).toBeTruthy();
    const posted = await browser.post(`${h.cognito.url}/login`, { username: 'alice' });
    expect(posted.status).toBe(403); // no CSRF field

    browser.takeCookies(['app-state=abc; Path=/; HttpOnly', 'cognito=; Max-Age=0']);
    expect(browser.cookie('app-state')).toBe('abc');
    expect(browser.cookie('cognito')).toBeUndefined();
    browser.takeCookies('app-state=x; Max-Age=0');
    expect([...browser.cookies.keys()]).toEqual(['XSRF-TOKEN']);
  });
});
