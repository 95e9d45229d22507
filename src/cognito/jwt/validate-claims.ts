import type { CognitoClaims } from './cognito-claims.interface.js';
import type { CognitoTokenUse } from '../options/cognito-module-options.interface.js';
import {
  JwtClaimError,
  JwtClientIdError,
  JwtExpiredError,
  JwtIssuerError,
  JwtNotYetValidError,
  JwtTokenUseError,
} from '../errors/jwt.errors.js';

export interface ClaimExpectations {
  issuer: string;
  tokenUse: CognitoTokenUse;
  clientIds: readonly string[];
  /** Seconds. */
  clockTolerance: number;
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** Checked before any key is fetched, so tokens of other issuers never cause a JWKS request. */
export function assertIssuer(payload: Record<string, unknown>, issuer: string): void {
  if (payload.iss !== issuer) throw new JwtIssuerError('token issuer (iss) is not the configured user pool');
}

/** Cognito's rules for a signed payload; `now` in ms. Returns the payload typed. */
export function validateClaims(payload: Record<string, unknown>, expected: ClaimExpectations, now: number): CognitoClaims {
  const nowSeconds = now / 1000;
  const tolerance = expected.clockTolerance;

  if (!isNumber(payload.exp)) throw new JwtClaimError('token has no valid exp claim');
  if (nowSeconds >= payload.exp + tolerance) throw new JwtExpiredError('token has expired');
  if (payload.nbf !== undefined && (!isNumber(payload.nbf) || payload.nbf - tolerance > nowSeconds)) {
    throw new JwtNotYetValidError('token is not valid yet (nbf)');
  }
  if (payload.iat !== undefined && (!isNumber(payload.iat) || payload.iat - tolerance > nowSeconds)) {
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

  if (typeof payload.sub !== 'string') throw new JwtClaimError('token has no sub claim');
  const groups = payload['cognito:groups'];
  if (groups !== undefined && !(Array.isArray(groups) && groups.every((g) => typeof g === 'string'))) {
    throw new JwtClaimError('token cognito:groups claim is not a list of names');
  }
  if (payload.scope !== undefined && typeof payload.scope !== 'string') {
    throw new JwtClaimError('token scope claim is not a string');
  }
  return payload as unknown as CognitoClaims;
}
