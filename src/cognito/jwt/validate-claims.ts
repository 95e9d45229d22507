import type { CognitoClaims } from './cognito-claims.interface.js';
import type { CognitoTokenUse } from '../options/cognito-module-options.interface.js';
import { JwtClaimError, JwtClientIdError, JwtExpiredError, JwtNotYetValidError, JwtTokenUseError } from '../errors/jwt.errors.js';
import { assertClaimTypes } from './claim-types.js';

export interface ClaimExpectations {
  tokenUse: CognitoTokenUse;
  /** The app clients of the token's own pool. */
  clientIds: readonly string[];
  /** Seconds of leeway for `exp` and `nbf`. */
  clockTolerance: number;
}

/**
 * How far in the future `iat` may be, in seconds, when `clockTolerance` is smaller. A server whose
 * clock runs a little behind Cognito's gets tokens "issued" a moment from now; refusing them would
 * refuse every fresh token. `exp` stays exact: this leeway never lengthens a token's life.
 */
export const IAT_FUTURE_SKEW_SECONDS = 60;

/** Cognito's rules for a signed payload whose issuer is already known; `now` in epoch ms. Returns the payload typed. */
export function validateClaims(payload: Record<string, unknown>, expected: ClaimExpectations, now: number): CognitoClaims {
  assertClaimTypes(payload);
  const nowSeconds = now / 1000;
  const tolerance = expected.clockTolerance;

  const exp = payload.exp as number | undefined;
  if (exp === undefined) throw new JwtClaimError('token has no exp claim');
  if (nowSeconds >= exp + tolerance) throw new JwtExpiredError('token has expired');
  const nbf = payload.nbf as number | undefined;
  if (nbf !== undefined && nbf - tolerance > nowSeconds) throw new JwtNotYetValidError('token is not valid yet (nbf)');
  const iat = payload.iat as number | undefined;
  if (iat !== undefined && iat - Math.max(tolerance, IAT_FUTURE_SKEW_SECONDS) > nowSeconds) {
    throw new JwtNotYetValidError('token was issued in the future (iat)');
  }

  const tokenUse = payload.token_use;
  if (tokenUse === undefined) throw new JwtTokenUseError('token has no token_use claim');
  if (tokenUse !== expected.tokenUse) {
    throw new JwtTokenUseError(`expected an ${expected.tokenUse} token, got ${tokenUse === 'id' || tokenUse === 'access' ? `an ${tokenUse}` : 'an unknown'} token`);
  }
  // Cognito puts the app client in client_id on access tokens and in aud on id tokens; access tokens have no aud.
  const clientId = tokenUse === 'access' ? payload.client_id : payload.aud;
  if (typeof clientId !== 'string' || !expected.clientIds.includes(clientId)) {
    throw new JwtClientIdError(`token was issued to another app client (${tokenUse === 'access' ? 'client_id' : 'aud'})`);
  }
  if (payload.sub === undefined) throw new JwtClaimError('token has no sub claim');
  return payload as unknown as CognitoClaims;
}
