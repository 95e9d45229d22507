import { randomUUID } from 'node:crypto';
import type { CheckedClaims, RevocableClaims } from '../../src/cognito/revocation/revocation-entry.js';

/** The claims the revocation list reads of a verified token: a fresh one-hour token of `alice` unless told. */
export function claims(overrides: Partial<RevocableClaims> = {}): RevocableClaims & CheckedClaims {
  const now = Math.floor(Date.now() / 1000);
  return { sub: 'alice', iat: now, exp: now + 3600, jti: randomUUID(), origin_jti: randomUUID(), ...overrides };
}
