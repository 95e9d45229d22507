import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { ALICE, BROWSER_TEST_TIMEOUT, launchChromium, openLoginPage, pageJson, startDemo, submitLogin, type RunningDemo } from './helpers.js';

const SESSION_SECRET = 'browser-test-session-secret-0123456789abcdef';

describe('the demo in a real browser: session mode (COGNITO_SESSION_SECRET set)', () => {
  let demo: RunningDemo;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [demo, browser] = await Promise.all([startDemo({ COGNITO_SESSION_SECRET: SESSION_SECRET }), launchChromium()]);
    context = await browser.newContext();
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await demo?.stop();
  });

  it('signs in, uses the session cookie on / and /admin, signs out through the IdP, and is asked to sign in again', { timeout: BROWSER_TEST_TIMEOUT }, async () => {
    const idpUrl = demo.config.local!.url;

    // Sign in: the callback sets the session cookie and sends the browser to returnTo's default, `/`.
    await openLoginPage(page, demo);
    await submitLogin(page, ALICE);
    await page.waitForURL(`${demo.url}/`);
    const home = JSON.parse(await pageJson(page)) as { claims: Record<string, unknown> };
    expect(home.claims.username).toBe('alice');
    expect(home.claims.token_use).toBe('access');

    const cookies = await context.cookies();
    const session = cookies.filter((c) => c.name.startsWith('cognito_session.'));
    expect(session.length).toBeGreaterThan(0);
    for (const cookie of cookies) expect({ name: cookie.name, httpOnly: cookie.httpOnly }).toEqual({ name: cookie.name, httpOnly: true });
    // Not readable by the page's scripts.
    expect(await page.evaluate('document.cookie')).toBe('');

    const admin = await page.goto(`${demo.url}/admin`);
    expect(admin?.status()).toBe(200);
    expect(JSON.parse(await pageJson(page))).toEqual({ message: 'welcome, admin alice' });

    // Sign out: the demo clears its cookie and sends the browser through the IdP's /logout back to `/`.
    const visited: string[] = [];
    const onRequest = (request: Request) => {
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) visited.push(request.url());
    };
    page.on('request', onRequest);
    const landed = await page.goto(`${demo.url}/auth/sign-out`);
    page.off('request', onRequest);
    expect(visited.map((url) => new URL(url).origin + new URL(url).pathname)).toEqual([`${demo.url}/auth/sign-out`, `${idpUrl}/logout`, `${demo.url}/`]);
    const logout = new URL(visited[1]!);
    expect(logout.searchParams.get('client_id')).toBe('localwebclient');
    expect(logout.searchParams.get('logout_uri')).toBe(`${demo.url}/`);
    expect(page.url()).toBe(`${demo.url}/`);
    expect(landed?.status()).toBe(401);
    expect((await context.cookies()).filter((c) => c.name.startsWith('cognito_session.') || c.name === 'cognito')).toEqual([]);

    // The IdP's own session is gone too: signing in shows the form instead of skipping it.
    await openLoginPage(page, demo);
    expect(await page.locator('input[name="username"]').isVisible()).toBe(true);
    expect(await page.locator('input[name="password"]').isVisible()).toBe(true);
  });
});
