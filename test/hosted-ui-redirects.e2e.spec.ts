import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { clientOptions, useHostedUiSuite } from './support/hosted-ui-fixture.js';
import { APP_ORIGIN, expectOAuthError, getCallback, passHostedUi, startSignIn } from './support/hosted-ui-harness.js';

const SECRET = 'redirects-spec-cookie-secret-0123456789';
const ALLOWED = 'https://app.example.com/dashboard/';

/** Values a browser could be sent off-site with, as the app receives them (already URL-decoded once). */
const REFUSED: Record<string, string> = {
  'protocol-relative': '//evil.example',
  'protocol-relative with path': '//evil.example/auth/callback',
  'absolute, not allowed': 'https://evil.example',
  'absolute, allowed host as a prefix': 'https://app.example.com.evil.example/dashboard/',
  'absolute, allowed host as userinfo': 'https://app.example.com@evil.example/dashboard/',
  'absolute, allowed host over http': 'http://app.example.com/dashboard/',
  'absolute, outside the allowed path': 'https://app.example.com/admin',
  'absolute, climbing out of the allowed path': 'https://app.example.com/dashboard/../admin',
  'slash-backslash': '/\\evil.example',
  'backslash-backslash': '\\\\evil.example',
  'slash, tab, slash': '/\t/evil.example',
  'slash, newline, slash': '/\n/evil.example',
  'leading space': ' //evil.example',
  'javascript:': 'javascript:alert(1)',
  'JavaScript: mixed case': 'JaVaScRiPt:alert(1)',
  'data:': 'data:text/html,<script>alert(1)</script>',
  'scheme-relative http:': 'http:evil.example',
  'scheme-relative https:': 'https:/evil.example',
  'encoded slashes': '%2F%2Fevil.example',
  'dot segment then double slash': '/.//evil.example',
  'dot-dot segment then double slash': '/..//evil.example',
  'encoded dot segment then double slash': '/%2e//evil.example',
  'a very long value': `/${'a'.repeat(5000)}`,
  'relative without a slash': 'evil.example',
};

describe('returnTo: no open redirect', () => {
  const suite = useHostedUiSuite((env) => {
    const settings = clientOptions(env, 'localwebclient', { direct: true, allowedReturnTo: [ALLOWED] });
    return { app: settings, session: { ...settings, cookieSecret: SECRET, session: true } };
  });
  const { apps } = suite;

  for (const [name, value] of Object.entries(REFUSED)) {
    it(`refuses ${name}: 400 invalid_return_to, no redirect, no state cookie`, async () => {
      const res = await request(apps.app.getHttpServer()).get('/auth/sign-in').query({ returnTo: value });
      expectOAuthError(res, 400, 'invalid_return_to');
      expect(res.headers.location).toBeUndefined();
      expect(res.headers['set-cookie']).toBeUndefined();
    });
  }

  it('refuses the encoded forms when they arrive raw in the URL', async () => {
    for (const raw of ['%2F%2Fevil.example', '/%5Cevil.example', '/%09/evil.example', '%5C%5Cevil.example', '/%2E%2E//evil.example']) {
      expectOAuthError(await request(apps.app.getHttpServer()).get(`/auth/sign-in?returnTo=${raw}`), 400, 'invalid_return_to');
    }
  });

  it('refuses returnTo given twice', async () => {
    expectOAuthError(await request(apps.app.getHttpServer()).get('/auth/sign-in?returnTo=/a&returnTo=/b'), 400, 'invalid_return_to');
  });

  it('refuses returnTo on sign-up and forgot-password too', async () => {
    for (const path of ['/auth/sign-up', '/auth/forgot-password']) {
      expectOAuthError(await request(apps.app.getHttpServer()).get(path).query({ returnTo: '//evil.example' }), 400, 'invalid_return_to');
    }
  });

  it('an allowedReturnTo path covers what is below it, not its look-alikes', async () => {
    const prefix = ALLOWED.replace(/\/$/, '');
    for (const value of [`${prefix}-evil`, `${prefix}x/reports`, 'https://app.example.com/', 'https://app.example.com.evil.example/dashboard/']) {
      const res = await request(apps.app.getHttpServer()).get('/auth/sign-in').query({ returnTo: value });
      expectOAuthError(res, 400, 'invalid_return_to');
    }
    for (const value of [prefix, `${prefix}/deep/page`]) {
      const res = await request(apps.app.getHttpServer()).get('/auth/sign-in').query({ returnTo: value });
      expect(res.status, `${value}: ${JSON.stringify(res.body)}`).toBe(302);
    }
  });

  it('accepts a path with a query, and an absolute URL under allowedReturnTo', async () => {
    for (const value of ['/profile?tab=1', '/', '/a/b#section', `${ALLOWED}reports?q=1`, ALLOWED]) {
      const res = await request(apps.app.getHttpServer()).get('/auth/sign-in').query({ returnTo: value });
      expect(res.status, `${value}: ${JSON.stringify(res.body)}`).toBe(302);
    }
  });

  /** Session mode: sign in with `returnTo`, then the callback's Location. */
  async function finalRedirect(returnTo?: string): Promise<string> {
    const { location, jar } = await startSignIn(apps.session, returnTo === undefined ? {} : { returnTo });
    const callback = await passHostedUi(suite.t.idp, location);
    const res = await getCallback(apps.session, callback, jar);
    expect(res.status, JSON.stringify(res.body)).toBe(302);
    return res.headers.location as string;
  }

  it('session mode: the callback 302s exactly to the accepted relative returnTo', async () => {
    expect(await finalRedirect('/profile?tab=1')).toBe('/profile?tab=1');
  });

  it('session mode: the callback 302s exactly to the accepted absolute returnTo', async () => {
    expect(await finalRedirect(`${ALLOWED}reports?q=1`)).toBe(`${ALLOWED}reports?q=1`);
  });

  it('session mode: without returnTo the callback 302s to the default, on this site', async () => {
    expect(await finalRedirect()).toBe('/');
  });

  it('session mode: odd but accepted paths still land on this site', async () => {
    for (const value of ['/%5Cevil.example', '/%2F/evil.example', '/a/../b', '/./profile']) {
      const target = await finalRedirect(value);
      expect(new URL(target, APP_ORIGIN).origin, `${value} -> ${target}`).toBe(APP_ORIGIN);
      expect(target.startsWith('//')).toBe(false);
    }
  });

  it('the returnTo travels sealed in the state cookie, not in the state sent to Cognito', async () => {
    const { location, setCookie } = await startSignIn(apps.session, { returnTo: '/return-marker?tab=1' });
    expect(location.href).not.toContain('return-marker');
    expect(setCookie.join(';')).not.toContain('return-marker');
  });
});
