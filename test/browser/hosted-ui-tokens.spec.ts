import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ALICE, BOB, BROWSER_TEST_TIMEOUT, launchChromium, openLoginPage, signInForTokens, startDemo, submitLogin, type RunningDemo } from './helpers.js';

async function api(demo: RunningDemo, path: string, accessToken: string) {
  const res = await fetch(`${demo.url}${path}`, { headers: { Authorization: `Bearer ${accessToken}` } });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('the demo in a real browser: hosted-UI sign-in, tokens as JSON', () => {
  let demo: RunningDemo;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [demo, browser] = await Promise.all([startDemo(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });
  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
  });

  it('alice signs in on the login page; her access token opens / and /admin', { timeout: BROWSER_TEST_TIMEOUT }, async () => {
    const tokens = await signInForTokens(page, demo, ALICE);
    expect(Object.keys(tokens).sort()).toEqual(['access_token', 'expires_in', 'id_token', 'refresh_token', 'token_type']);
    expect(tokens.token_type).toBe('Bearer');

    const me = await api(demo, '/', tokens.access_token);
    expect(me.status).toBe(200);
    expect(me.body.claims.username).toBe('alice');
    expect(me.body.claims['cognito:groups']).toContain('admin');

    const admin = await api(demo, '/admin', tokens.access_token);
    expect(admin.status).toBe(200);
    expect(admin.body.message).toBe('welcome, admin alice');

    // The browser's own request context works the same way.
    const viaPage = await page.request.get(`${demo.url}/admin`, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
    expect(viaPage.status()).toBe(200);
  });

  it('a wrong password shows the error on the login page and never reaches the callback', { timeout: BROWSER_TEST_TIMEOUT }, async () => {
    const callbacks: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/auth/callback') callbacks.push(request.url());
    });
    await openLoginPage(page, demo);
    const posted = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/login');
    await submitLogin(page, { username: 'alice', password: 'not-her-password' });
    expect((await posted).status()).toBe(400);
    await page.waitForLoadState('load');

    const alert = page.getByRole('alert');
    await alert.waitFor({ state: 'visible' });
    expect(await alert.textContent()).toBe('Incorrect username or password.');
    expect(await alert.isVisible()).toBe(true);
    // Still the sign-in form, with the username kept and the password not.
    const url = new URL(page.url());
    expect(url.origin).toBe(demo.config.local!.url);
    expect(url.pathname).toBe('/login');
    expect(await page.locator('input[name="username"]').inputValue()).toBe('alice');
    expect(await page.locator('input[name="password"]').inputValue()).toBe('');
    expect(callbacks).toEqual([]);
  });

  it('bob signs in: allowed on /, refused on /admin', { timeout: BROWSER_TEST_TIMEOUT }, async () => {
    const tokens = await signInForTokens(page, demo, BOB);
    const me = await api(demo, '/', tokens.access_token);
    expect(me.status).toBe(200);
    expect(me.body.claims.username).toBe('bob');
    const admin = await api(demo, '/admin', tokens.access_token);
    expect(admin.status).toBe(403);
  });

  it('the login page renders (screenshot for a look)', { timeout: BROWSER_TEST_TIMEOUT }, async () => {
    await openLoginPage(page, demo);
    await expectLoginForm(page);
    const dir = process.env.BROWSER_SCREENSHOT_DIR ?? (await mkdtemp(join(tmpdir(), 'nest-cognito-shot-')));
    const file = join(dir, 'login-page.png');
    const png = await page.screenshot({ path: file, fullPage: true });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    if (!process.env.BROWSER_SCREENSHOT_DIR) await rm(dir, { recursive: true, force: true });
  });
});

async function expectLoginForm(page: Page): Promise<void> {
  expect(await page.title()).toBe('Sign in');
  expect(await page.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true);
  expect(await page.locator('input[name="username"]').isVisible()).toBe(true);
  expect(await page.locator('input[name="password"]').isVisible()).toBe(true);
  expect(await page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
}
