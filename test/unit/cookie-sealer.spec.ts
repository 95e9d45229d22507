import { describe, expect, it } from 'vitest';
import { CookieSealer } from '../../src/cognito/cookies/cookie-sealer.js';

const SECRET = 'a-cookie-secret-of-at-least-32-characters';
const NEW_SECRET = 'the-next-cookie-secret-of-32-characters!';

describe('CookieSealer', () => {
  it('opens what it sealed, with the expiry set', async () => {
    const sealer = new CookieSealer([SECRET], 'session');
    const sealed = await sealer.seal({ a: 'token' }, 60);
    const opened = await sealer.open<{ a: string; exp: number }>(sealed);
    expect(opened?.a).toBe('token');
    expect(opened!.exp - Math.floor(Date.now() / 1000)).toBeGreaterThan(50);
    expect(sealed).not.toContain('token');
  });

  it('a value sealed for one purpose never opens for another', async () => {
    const state = await new CookieSealer([SECRET], 'sign-in-state').seal({ s: 'x' }, 60);
    expect(await new CookieSealer([SECRET], 'session').open(state)).toBeUndefined();
    expect(await new CookieSealer([SECRET], 'sign-in-state').open(state)).toMatchObject({ s: 'x' });
  });

  it('rotation: the first secret seals, every secret opens', async () => {
    const old = await new CookieSealer([SECRET], 'session').seal({ a: 1 }, 60);
    const rotated = new CookieSealer([NEW_SECRET, SECRET], 'session');
    expect(await rotated.open(old)).toMatchObject({ a: 1 });
    const fresh = await rotated.seal({ a: 2 }, 60);
    expect(await new CookieSealer([SECRET], 'session').open(fresh)).toBeUndefined();
    expect(await new CookieSealer([NEW_SECRET], 'session').open(fresh)).toMatchObject({ a: 2 });
  });

  it('tampered, truncated, expired, empty or foreign values open to undefined', async () => {
    const sealer = new CookieSealer([SECRET], 'session');
    const sealed = await sealer.seal({ a: 1 }, 60);
    const parts = sealed.split('.');
    const flipped = parts[3]!.startsWith('A') ? `B${parts[3]!.slice(1)}` : `A${parts[3]!.slice(1)}`;
    for (const value of [
      [parts[0], parts[1], parts[2], flipped, parts[4]].join('.'),
      sealed.slice(0, -2),
      '',
      undefined,
      'not-a-jwe',
      await new CookieSealer(undefined, 'session').seal({ a: 1 }, 60),
    ]) {
      expect(await sealer.open(value)).toBeUndefined();
    }
    const expired = await sealer.seal({ a: 1 }, 0);
    expect(await sealer.open(expired)).toBeUndefined();
  });

  it('without a secret, a random key per sealer', async () => {
    const a = new CookieSealer(undefined, 'sign-in-state');
    const b = new CookieSealer(undefined, 'sign-in-state');
    const sealed = await a.seal({ x: 1 }, 60);
    expect(await a.open(sealed)).toMatchObject({ x: 1 });
    expect(await b.open(sealed)).toBeUndefined();
  });
});
