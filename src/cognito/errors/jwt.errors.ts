import { CognitoError } from './cognito.error.js';

/** A token that is missing, malformed, or fails verification. */
export abstract class CognitoJwtError extends CognitoError {}

export class MissingTokenError extends CognitoJwtError {
  readonly code = 'missing_token';
}
export class JwtMalformedError extends CognitoJwtError {
  readonly code = 'malformed_token';
}
export class JwtAlgorithmError extends CognitoJwtError {
  readonly code = 'invalid_algorithm';
}
export class KidNotFoundError extends CognitoJwtError {
  readonly code = 'unknown_kid';
}
export class JwtSignatureError extends CognitoJwtError {
  readonly code = 'invalid_signature';
}
export class JwtExpiredError extends CognitoJwtError {
  readonly code = 'token_expired';
}
export class JwtNotYetValidError extends CognitoJwtError {
  readonly code = 'token_not_yet_valid';
}
export class JwtIssuerError extends CognitoJwtError {
  readonly code = 'invalid_issuer';
}
export class JwtTokenUseError extends CognitoJwtError {
  readonly code = 'invalid_token_use';
}
export class JwtClientIdError extends CognitoJwtError {
  readonly code = 'invalid_client_id';
}
export class JwtClaimError extends CognitoJwtError {
  readonly code = 'invalid_claim';
}
/** A valid token that was signed out: its `origin_jti` or `jti` was revoked, or its user signed out everywhere. */
export class JwtRevokedError extends CognitoJwtError {
  readonly code = 'token_revoked';
}
/** The JWKS could not be fetched: our outage, not the caller's fault. */
export class JwksUnavailableError extends CognitoJwtError {
  readonly code = 'jwks_unavailable';
}
