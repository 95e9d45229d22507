import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VerifiedTokenCache } from '../../../src/cognito/jwt/verified-token-cache.js';

const { publicKey: key } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const keys = { peek: () => key };
const entry = (value: string, expiresAt = 10_000) => ({ value, key, kid: 'k', keys, expiresAt });

describe('VerifiedTokenCache', () => {
  it('keys by SHA-256 of the whole token', () => {
    expect(VerifiedTokenCache.keyOf('a.b.c')).toBe(VerifiedTokenCache.keyOf('a.b.c'));
    expect(VerifiedTokenCache.keyOf('a.b.c')).not.toBe(VerifiedTokenCache.keyOf('a.b.cA'));
    expect(VerifiedTokenCache.keyOf('x')).toMatch(/^[\w-]{43}$/);
  });

  it('returns an entry until its expiresAt, never after', () => {
    const cache = new VerifiedTokenCache<string>(10);
    cache.set('t', entry('claims', 5000));
    expect(cache.get('t', 4999)?.value).toBe('claims');
    expect(cache.get('t', 5000)).toBeUndefined();
    expect(cache.get('unknown', 0)).toBeUndefined();
  });

  it('is bounded: never more than maxEntries, the most recent kept', () => {
    const cache = new VerifiedTokenCache<number>(4);
    for (let i = 0; i < 50; i++) {
      cache.set(`t${i}`, entry(String(i)) as never);
      expect(cache.size).toBeLessThanOrEqual(4);
    }
    expect(cache.get('t49', 0)).toBeDefined();
    expect(cache.get('t0', 0)).toBeUndefined();
  });

  it('an entry read from the old generation survives the next turnover', () => {
    const cache = new VerifiedTokenCache<string>(4); // generations of 2
    cache.set('hot', entry('hot'));
    cache.set('a', entry('a'));
    cache.set('b', entry('b')); // turnover: hot and a are old now
    expect(cache.get('hot', 0)?.value).toBe('hot'); // carried back into the young generation
    cache.set('c', entry('c')); // turnover: a is dropped
    expect(cache.get('hot', 0)?.value).toBe('hot');
    expect(cache.get('a', 0)).toBeUndefined();
  });

  it('maxEntries 0 stores nothing', () => {
    const cache = new VerifiedTokenCache<string>(0);
    cache.set('t', entry('x'));
    expect(cache.size).toBe(0);
    expect(cache.get('t', 0)).toBeUndefined();
  });
});
