import { describe, expect, it } from 'vitest';
import { isSecureOrigin, readCookies } from '../../src/cognito/cookies/cookies.js';
import { SealedCookie } from '../../src/cognito/cookies/sealed-cookie.js';

describe('cookies', () => {
  it('readCookies parses the Cookie header; none is an empty record', () => {
    expect(readCookies({ headers: { cookie: 'a=1; b=x%20y' } })).toEqual({ a: '1', b: 'x y' });
    expect(readCookies({ headers: {} })).toEqual({});
  });

  it('isSecureOrigin: Secure everywhere but plain-HTTP localhost', () => {
    expect(isSecureOrigin(undefined)).toBe(true);
    expect(isSecureOrigin('https://localhost/cb')).toBe(true);
    expect(isSecureOrigin('https://api.example.com/cb')).toBe(true);
    expect(isSecureOrigin('http://api.example.com/cb')).toBe(true);
    for (const local of ['http://localhost:3000/cb', 'http://127.0.0.1/cb', 'http://[::1]:3000/cb']) expect(isSecureOrigin(local)).toBe(false);
  });

  it('SealedCookie: HttpOnly, SameSite=Lax, its path, Secure by the redirect URI', () => {
    const local = new SealedCookie({ redirectUri: 'http://localhost:3000/auth/callback' }, 'session', '/');
    expect(local.attributes(60)).toEqual({ httpOnly: true, secure: false, sameSite: 'lax', path: '/', maxAge: 60 });
    expect(local.name('cognito_session')).toBe('cognito_session');
    // Secure: the __Host- prefix, which requires Path=/.
    const real = new SealedCookie({ redirectUri: 'https://api.example.com/auth/callback' }, 'sign-in-state', '/auth/callback');
    expect(real.attributes(0)).toEqual({ httpOnly: true, secure: true, sameSite: 'lax', path: '/', maxAge: 0 });
    expect(real.name('cognito_state_x')).toBe('__Host-cognito_state_x');
    expect(real.attributes(undefined)).not.toHaveProperty('maxAge');
  });
});
