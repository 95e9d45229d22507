import type { CognitoClaims } from './cognito-claims.interface.js';
import type { Clock } from './clock.js';
import type { JwksFetcher } from './jwks-fetcher.js';
import type { SigningKeySource } from './jwks-key-store.js';

/** Injection token of optional `JwtVerifierCollaborators` for `CognitoJwtVerifier`. */
export const COGNITO_JWT_COLLABORATORS = Symbol('COGNITO_JWT_COLLABORATORS');

/**
 * What `CognitoJwtVerifier` talks to besides its options; each has a default for production.
 * Swap them to verify without a network (tests, air-gapped JWKS copies) or to move time.
 */
export interface JwtVerifierCollaborators {
  /** Fetches JWKS documents. Default: GET over node:http(s), bounded by `jwksTimeout`. */
  fetcher?: JwksFetcher;
  /** Epoch ms, for `exp`/`nbf`/`iat`, the caches and the penalty box. Default `Date.now`. */
  clock?: Clock;
  /**
   * Builds the key source of one JWKS URI (called once per URI). Default: a `JwksKeyStore` with
   * the options' `jwksCacheMaxAge` and `jwksCacheMaxEntries`, the fetcher, the clock, and a
   * `SimplePenaltyBox` allowing `jwksRequestsPerMinute`.
   */
  keySource?: (jwksUri: string) => SigningKeySource;
  /**
   * Whether verified claims were revoked (signed out). Called on every verification, cache hits
   * included, so it must answer from memory. Default: nothing is revoked.
   */
  revocations?: RevocationCheck;
}

/** The one question the verifier asks of a revocation list. */
export interface RevocationCheck {
  isRevoked(claims: CognitoClaims): boolean;
}
