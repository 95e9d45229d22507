import { describe, expect, it } from 'vitest';
import { decodeRevocation, encodeRevocation, revocationsOf, type Revocation } from '../../src/cognito/revocation/revocation-entry.js';

describe('revocation entries', () => {
  it.each<Revocation>([
    { kind: 'origin', id: '6f1c-origin' },
    { kind: 'token', id: '9a2b-jti' },
    { kind: 'subject', sub: 'a1b2c3d4-user', before: 1_760_000_000_123 },
    { kind: 'subject', sub: 'weird:sub:with:colons', before: 1 },
  ])('round-trips %o', (revocation) => {
    expect(decodeRevocation(encodeRevocation(revocation))).toEqual(revocation);
  });

  it.each(['', 'o:', 'j:', 'x:abc', 's:', 's:123', 's:123:', 's:abc:sub', 's::sub', 's:1.5:sub'])('ignores the member %j it does not understand', (member) => {
    expect(decodeRevocation(member)).toBeUndefined();
  });

  it('keeps a jti until its exp, and its origin one token lifetime from now (at most the maximum)', () => {
    const now = 1_000_000_000_000;
    const seconds = now / 1000;
    const entries = revocationsOf(
      [
        { sub: 'u', iat: seconds - 3000, exp: seconds + 600, jti: 'a', origin_jti: 'o' },
        { sub: 'u', iat: seconds - 100, exp: seconds + 3500, jti: 'b', origin_jti: 'o' },
        { sub: 'u', iat: seconds - 10, exp: seconds + 10 * 86_400, jti: 'c', origin_jti: 'p' },
        { sub: 'u', iat: seconds - 7200, exp: seconds - 3600, jti: 'expired', origin_jti: 'q' },
      ],
      now,
      86_400_000,
    );
    expect(Object.fromEntries(entries.map(({ member, ttlMs }) => [member, ttlMs]))).toEqual({
      'j:a': 600_000,
      'j:b': 3_500_000,
      'o:o': 3_600_000,
      'j:c': 864_000_000,
      'o:p': 864_000_000,
      'o:q': 3_600_000,
    });
  });
});
