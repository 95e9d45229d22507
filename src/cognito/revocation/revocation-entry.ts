import type { CognitoClaims } from '../jwt/cognito-claims.interface.js';

/** What revoking needs of a verified access or id token. */
export type RevocableClaims = Pick<CognitoClaims, 'sub' | 'exp' | 'iat' | 'jti' | 'origin_jti'>;

/** What checking needs of a verified token. */
export type CheckedClaims = Pick<CognitoClaims, 'sub' | 'iat' | 'jti' | 'origin_jti'>;

/**
 * One revocation as the store holds it, a member of one expiring set:
 * - `o:<origin_jti>`: every token issued from one refresh token (one sign-in);
 * - `j:<jti>`: one token;
 * - `s:<before ms>:<sub>`: every token of a user issued before that moment.
 */
export type Revocation = { kind: 'origin' | 'token'; id: string } | { kind: 'subject'; sub: string; before: number };

export function encodeRevocation(revocation: Revocation): string {
  if (revocation.kind === 'subject') return `s:${revocation.before}:${revocation.sub}`;
  return `${revocation.kind === 'origin' ? 'o' : 'j'}:${revocation.id}`;
}

/** Undefined for a member this version does not understand (written by a newer one): it is ignored. */
export function decodeRevocation(member: string): Revocation | undefined {
  const [kind, rest] = [member.slice(0, 2), member.slice(2)];
  if (rest === '') return undefined;
  if (kind === 'o:') return { kind: 'origin', id: rest };
  if (kind === 'j:') return { kind: 'token', id: rest };
  if (kind !== 's:') return undefined;
  const colon = rest.indexOf(':');
  const before = Number(rest.slice(0, colon));
  const sub = rest.slice(colon + 1);
  return colon > 0 && Number.isSafeInteger(before) && sub !== '' ? { kind: 'subject', sub, before } : undefined;
}

/**
 * The revocations of a set of tokens signed out together, each with how long it must be kept.
 * A `jti` is kept until its token expires. An `origin_jti` is kept for one token lifetime from
 * now (`exp − iat`, at most `maxLifetimeMs`), not just until the given tokens' `exp`: a refresh
 * on another instance just before the sign-out may have issued a sibling that outlives them, and
 * any sibling was issued before now (the caller revokes the refresh token at Cognito too).
 */
export function revocationsOf(tokens: readonly RevocableClaims[], now: number, maxLifetimeMs: number): Array<{ member: string; ttlMs: number }> {
  const ttls = new Map<string, number>();
  const keep = (revocation: Revocation, ttlMs: number) => {
    const member = encodeRevocation(revocation);
    if (ttlMs > 0) ttls.set(member, Math.max(ttlMs, ttls.get(member) ?? 0));
  };
  for (const token of tokens) {
    const untilExp = token.exp * 1000 - now;
    const lifetime = Math.min((token.exp - token.iat) * 1000, maxLifetimeMs);
    if (token.origin_jti !== undefined) keep({ kind: 'origin', id: token.origin_jti }, Math.max(untilExp, lifetime));
    if (token.jti !== undefined) keep({ kind: 'token', id: token.jti }, untilExp);
  }
  return [...ttls].map(([member, ttlMs]) => ({ member, ttlMs }));
}
