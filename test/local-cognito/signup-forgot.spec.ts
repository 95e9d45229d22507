import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { authorizeUrl, Browser, CALLBACK, errorText, signIn, startHarness, token, WEB, type Harness } from './helpers.js';

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
    const browser = new Browser();
    const signupUrl = `${h.cognito.url}/signup?${carried()}`;
    const weak = await browser.submit(signupUrl, { username: 'bob2', email: 'bob2@example.com', password: 'weak' });
    expect(weak.status).toBe(400);
    expect(errorText(await weak.text())).toMatch(/Password did not conform with policy/);
    const taken = await browser.submit(signupUrl, { username: 'ALICE', email: 'x@example.com', password: 'Strong-Passw0rd!' });
    expect(errorText(await taken.text())).toBe('User already exists');

    const created = await browser.submit(signupUrl, { username: 'bob2', email: 'bob2@example.com', password: 'Bob2-Passw0rd!' });
    expect(created.status).toBe(200);
    const confirmPage = await created.text();
    expect(confirmPage).toContain('action="/confirm"');
    expect(h.logs.some((l) => /^\[local-cognito\] confirmation code for bob2: \d{6}$/.test(l))).toBe(true);
    expect(h.logs.some((l) => l.includes('Bob2-Passw0rd!'))).toBe(false);

    // Not confirmed yet: signing in shows the confirm page again with a fresh code.
    const early = await browser.submit(`${h.cognito.url}/login?${carried()}`, { username: 'bob2', password: 'Bob2-Passw0rd!' });
    expect(early.status).toBe(200);
    expect(await early.text()).toContain('action="/confirm"');

    const wrong = await browser.submit(`${h.cognito.url}/confirm?${carried()}`, { username: 'bob2', code: '000000' === lastCode(/code for bob2/) ? '111111' : '000000' }, confirmPage);
    expect(wrong.status).toBe(400);

    const confirmed = await browser.submit(`${h.cognito.url}/confirm?${carried()}`, { username: 'bob2', code: lastCode(/confirmation code for bob2/)! }, confirmPage);
    expect(confirmed.status).toBe(302);
    const callback = new URL(confirmed.headers.get('location')!);
    expect(callback.searchParams.get('state')).toBe('st');
    const tokens = await token(h.cognito, { grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: CALLBACK }, WEB);
    expect(decodeJwt(tokens.body.id_token as string)).toMatchObject({ 'cognito:username': 'bob2', email: 'bob2@example.com', email_verified: true });
  });

  it('resets a forgotten password with the printed code', async () => {
    const browser = new Browser();
    const asked = await browser.submit(`${h.cognito.url}/forgotPassword?${carried()}`, { username: 'bob' });
    expect(asked.status).toBe(200);
    const page = await asked.text();
    expect(page).toContain('action="/confirmForgotPassword"');
    const code = lastCode(/password reset code for bob:/);
    expect(code).toMatch(/^\d{6}$/);

    const bad = await browser.submit(`${h.cognito.url}/confirmForgotPassword`, { username: 'bob', code: code === '123456' ? '654321' : '123456', password: 'New-Passw0rd!' }, page);
    expect(bad.status).toBe(400);
    const done = await browser.submit(`${h.cognito.url}/confirmForgotPassword`, { username: 'bob', code: code!, password: 'New-Passw0rd!' }, page);
    expect(done.status).toBe(302);
    const login = new URL(done.headers.get('location')!, h.cognito.url);
    expect(login.pathname).toBe('/login');
    expect(login.searchParams.get('state')).toBe('st');

    const old = await new Browser().submit(`${h.cognito.url}/login?${carried()}`, { username: 'bob', password: 'Bob-Passw0rd!' });
    expect(old.status).toBe(400);
    const callback = await signIn(new Browser(), authorizeUrl(h.cognito, {}), { username: 'bob', password: 'New-Passw0rd!' });
    expect(callback.searchParams.get('code')).toBeTruthy();
  });

  it('does not reveal whether a user exists', async () => {
    const before = h.logs.length;
    const response = await new Browser().submit(`${h.cognito.url}/forgotPassword?${carried()}`, { username: 'nobody' });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('action="/confirmForgotPassword"');
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
