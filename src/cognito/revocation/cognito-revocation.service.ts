import { Injectable } from '@nestjs/common';
import { CognitoJwtError } from '../errors/jwt.errors.js';
import type { CognitoClaims } from '../jwt/cognito-claims.interface.js';
import { CognitoJwtVerifier } from '../jwt/cognito-jwt.verifier.js';
import { RevocationList } from './revocation-list.js';

/** Tokens to sign out, as the token endpoint or a client holds them. */
export interface RevocableTokens {
  access_token?: string | undefined;
  id_token?: string | undefined;
}

/**
 * Signing out that holds: tokens revoked here are refused by `CognitoGuard` and
 * `CognitoJwtVerifier` on every instance (through the shared store) until they would have expired,
 * which Cognito's own revocation does not do for a resource server.
 */
@Injectable()
export class CognitoRevocation {
  constructor(
    private readonly list: RevocationList,
    private readonly verifier: CognitoJwtVerifier,
  ) {}

  /**
   * Refuses these tokens, and every token of the same sign-in (same `origin_jti`, so also the ones a
   * refresh issued). Only tokens that verify count: nobody can sign someone else out with a forged
   * one. Resolves to how many tokens were revoked.
   */
  async revokeTokens(tokens: RevocableTokens): Promise<number> {
    const claims = await Promise.all([
      this.claimsOf(tokens.access_token, 'access'),
      this.claimsOf(tokens.id_token, 'id'),
    ]);
    const verified = claims.filter((c): c is CognitoClaims => c !== undefined);
    if (verified.length > 0) await this.list.revoke(verified);
    return verified.length;
  }

  /** Revokes claims already verified (a guarded route's `@Claims()`). */
  revokeClaims(claims: CognitoClaims | readonly CognitoClaims[]): Promise<boolean> {
    return this.list.revoke(claims);
  }

  /**
   * Signs a user out everywhere: every token of `sub` issued before `before` (default now) is
   * refused, on every instance. Pair it with Cognito's `GlobalSignOut`, which ends the refresh tokens.
   */
  signOutEverywhere(sub: string, before: Date | number = Date.now()): Promise<void> {
    return this.list.revokeAllFor(sub, before);
  }

  isRevoked(claims: CognitoClaims): boolean {
    return this.list.isRevoked(claims);
  }

  private async claimsOf(token: string | undefined, tokenUse: 'access' | 'id'): Promise<CognitoClaims | undefined> {
    if (token === undefined) return undefined;
    try {
      return await this.verifier.verify(token, tokenUse);
    } catch (error) {
      // Expired, already revoked, or not ours: nothing to revoke.
      if (error instanceof CognitoJwtError) return undefined;
      throw error;
    }
  }
}
