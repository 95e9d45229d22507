import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { HostedUiBrowser } from '../../src/local-cognito/index.js';
import { authorizeUrl, CALLBACK, signIn, startHarness, token, WEB, type Harness } from './helpers.js';

describe('local cognito: sign-up and forgot password', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.cognito.stop());

  const lastCode = (pattern: RegExp) => {
    const line = [...h.logs].reverse().find((l) => pattern.test(l));
    return line ? /(\d{6})$/.exec(line)![1]! : undefined;
  };
  const carried = () => new URL(authorizeUrl(h.cognito, { state: 'st', scope: 'openid email' })).searchParams;

  it('signs up, prints a code, confirms and completes the flow', async () => {
    const browser = new HostedUiBrowser();
    const signup = await browser.open(`${h.cognito.url}/signup?${carried()}`);
    const weak = await browser.submit(signup, '/signup', { username: 'bob2', email: 'bob2@example.com', password: 'weak' });
    expect(weak.status).toBe(400);
    expect(weak.message).toMatch(/Password did not conform with policy/);
    const taken = await browser.submit(signup, '/signup', { username: 'ALICE', email: 'x@example.com', password: 'Strong-Passw0rd!' });
    expect(taken.message).toBe('User already exists');

    const created = await browser.submit(signup, '/signup', { username: 'bob2', email: 'bob2@example.com', password: 'Bob2-Passw0rd!' });
    expect(created.status).toBe(200);
    const confirmPage = created.html;
    expect(confirmPage).toContain('action="/confirm"');
    expect(h.logs.some((l) => /^\[local-cognito\] confirmation code for bob2: \d{6}$/.test(l))).toBe(true);
    expect(h.logs.some((l) => l.includes('Bob2-Passw0rd!'))).toBe(false);

    // Not confirmed yet: signing in shows the confirm page again with a fresh code.
    const early = await browser.submit(await browser.open(`${h.cognito.url}/login?${carried()}`), '/login', { username: 'bob2', password: 'Bob2-Passw0rd!' });
    expect(early.status).toBe(200);
    expect(early.html).toContain('action="/confirm"');

    const wrong = await browser.submit(confirmPage, '/confirm', { username: 'bob2', code: '000000' === lastCode(/code for bob2/) ? '111111' : '000000' });
    expect(wrong.status).toBe(400);

    const confirmed = await browser.submit(confirmPage, '/confirm', { username: 'bob2', code: lastCode(/confirmation code for bob2/)! });
    expect(confirmed.status).toBe(302);
    const callback = confirmed.leftTo!;
    expect(callback.searchParams.get('state')).toBe('st');
    const tokens = await token(h.cognito, { grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: CALLBACK }, WEB);
    expect(decodeJwt(tokens.body.id_token as string)).toMatchObject({ 'cognito:username': 'bob2', email: 'bob2@example.com', email_verified: true });
  });

  it('resets a forgotten password with the printed code', async () => {
    const browser = new HostedUiBrowser();
    const asked = await browser.submit(await browser.open(`${h.cognito.url}/forgotPassword?${carried()}`), '/forgotPassword', { username: 'bob' });
    expect(asked.status).toBe(200);
    const page = asked.html;
    expect(page).toContain('action="/confirmForgotPassword"');
    const code = lastCode(/password reset code for bob:/);
    expect(code).toMatch(/^\d{6}$/);

    const bad = await browser.submit(page, '/confirmForgotPassword', { username: 'bob', code: code === '123456' ? '654321' : '123456', password: 'New-Passw0rd!' });
    expect(bad.status).toBe(400);
    // A reset sends the browser back to the sign-in page, which the browser follows.
    const done = await browser.submit(page, '/confirmForgotPassword', { username: 'bob', code: code!, password: 'New-Passw0rd!' });
    expect(done.status).toBe(200);
    expect(done.url.pathname).toBe('/login');
    expect(done.url.searchParams.get('state')).toBe('st');

    await expect(new HostedUiBrowser().signIn(authorizeUrl(h.cognito, {}), { username: 'bob', password: 'Bob-Passw0rd!' })).rejects.toThrow('Incorrect username or password.');
    const callback = await signIn(new HostedUiBrowser(), authorizeUrl(h.cognito, {}), { username: 'bob', password: 'New-Passw0rd!' });
    expect(callback.searchParams.get('code')).toBeTruthy();
  });

  it('does not reveal whether a user exists', async () => {
    const before = h.logs.length;
    const browser = new HostedUiBrowser();
    const response = await browser.submit(await browser.open(`${h.cognito.url}/forgotPassword?${carried()}`), '/forgotPassword', { username: 'nobody' });
    expect(response.status).toBe(200);
    expect(response.html).toContain('action="/confirmForgotPassword"');
    expect(h.logs.slice(before).some((l) => l.includes('nobody'))).toBe(false);
  });

  it('hosted-UI pages validate the carried authorize parameters', async () => {
    for (const path of ['/login', '/signup', '/forgotPassword', '/confirm', '/confirmForgotPassword']) {
      const response = await fetch(`${h.cognito.url}${path}?client_id=unknown&redirect_uri=${encodeURIComponent(CALLBACK)}&response_type=code`, { redirect: 'manual' });
      expect(response.status, path).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    }
  });
});
