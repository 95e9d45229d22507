import { randomBytes, randomUUID } from 'node:crypto';
import type { TokenCustomization } from './pre-token-generation.js';

/** Cognito's fixed authorization-code lifetime. */
export const CODE_LIFETIME_MS = 5 * 60 * 1000;

/** What a user's sign-in event carries into every token derived from it. */
export interface SignInEvent {
  username: string;
  clientId: string;
  scopes: string[];
  /** Seconds; unchanged on refresh. */
  authTime: number;
  eventId: string;
  /** Signed in through the user-pool API: ID tokens come without `openid`, as from `InitiateAuth`. */
  apiSignIn?: boolean;
}

export interface AuthorizationCode extends SignInEvent {
  code: string;
  redirectUri: string;
  nonce?: string;
  codeChallenge?: string;
  /** The trigger runs at sign-in, as in Cognito; its result shapes the tokens the code redeems for. */
  customization?: TokenCustomization;
  expiresAt: number;
  /** Set once redeemed; a replay revokes the tokens issued from it. */
  redeemedAs?: string;
}

export interface RefreshGrant extends SignInEvent {
  token: string;
  /** Shared by every token of one sign-in (`origin_jti`); revocation works on it. */
  originJti: string;
  expiresAt: number;
  /** With rotation: the old token works until then (grace period). */
  retiredAt?: number;
}

/** In-memory codes, refresh tokens and revocations. Lost on restart, like a fresh deployment. */
export class GrantStore {
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  private readonly revokedOrigins = new Set<string>();

  constructor(private readonly now: () => number) {}

  createCode(input: Omit<AuthorizationCode, 'code' | 'expiresAt' | 'redeemedAs'>): AuthorizationCode {
    this.sweep();
    const code: AuthorizationCode = { ...input, code: randomUUID(), expiresAt: this.now() + CODE_LIFETIME_MS };
    this.codes.set(code.code, code);
    return code;
  }

  findCode(code: string): AuthorizationCode | undefined {
    return this.codes.get(code);
  }

  /** `expiresAt` (ms) lets a rotated token keep the original's deadline. */
  createRefreshToken(event: SignInEvent, originJti: string, validitySeconds: number, expiresAt?: number): RefreshGrant {
    const { username, clientId, scopes, authTime, eventId, apiSignIn } = event;
    const grant: RefreshGrant = {
      username,
      clientId,
      scopes,
      authTime,
      eventId,
      ...(apiSignIn ? { apiSignIn } : {}),
      // Cognito's refresh tokens are opaque encrypted JWTs; an opaque string of similar entropy will do.
      token: randomBytes(96).toString('base64url'),
      originJti,
      expiresAt: expiresAt ?? this.now() + validitySeconds * 1000,
    };
    this.refreshTokens.set(grant.token, grant);
    return grant;
  }

  /** The grant if it can still be used right now. */
  findUsableRefreshToken(token: string): RefreshGrant | undefined {
    const grant = this.refreshTokens.get(token);
    if (!grant || this.revokedOrigins.has(grant.originJti)) return undefined;
    const now = this.now();
    if (now >= grant.expiresAt || (grant.retiredAt !== undefined && now >= grant.retiredAt)) return undefined;
    return grant;
  }

  findRefreshToken(token: string): RefreshGrant | undefined {
    return this.refreshTokens.get(token);
  }

  /**
   * Refresh-token rotation: a new token with the sign-in's origin (revoking either ends the
   * whole family) and the original's deadline (rotation does not extend a session); the old
   * one keeps working for the grace period.
   * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RefreshTokenRotationType.html
   */
  rotate(grant: RefreshGrant, retryGracePeriodSeconds: number): RefreshGrant {
    const retiredAt = this.now() + retryGracePeriodSeconds * 1000;
    grant.retiredAt = Math.min(grant.retiredAt ?? Infinity, retiredAt);
    return this.createRefreshToken(grant, grant.originJti, 0, grant.expiresAt);
  }

  revokeOrigin(originJti: string): void {
    this.revokedOrigins.add(originJti);
  }

  /** Global sign-out: every refresh token of the user, and the tokens issued from them. Returns how many. */
  revokeUser(username: string): number {
    let count = 0;
    for (const grant of this.refreshTokens.values()) {
      if (grant.username.toLowerCase() !== username.toLowerCase() || this.revokedOrigins.has(grant.originJti)) continue;
      this.revokedOrigins.add(grant.originJti);
      count++;
    }
    return count;
  }

  isRevoked(originJti: string): boolean {
    return this.revokedOrigins.has(originJti);
  }

  /** Keeps long-running dev servers from growing without bound. */
  private sweep(): void {
    const now = this.now();
    for (const [key, code] of this.codes) if (now > code.expiresAt + CODE_LIFETIME_MS) this.codes.delete(key);
    for (const [key, grant] of this.refreshTokens) if (now > grant.expiresAt) this.refreshTokens.delete(key);
  }
}
