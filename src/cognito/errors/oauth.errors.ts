import { CognitoError } from './cognito.error.js';

/**
 * A failure of the hosted-UI flow or of a call to Cognito's OAuth endpoints. `code` is the
 * OAuth-style error code the caller sees (RFC 6749 §5.2 where one fits).
 */
export abstract class CognitoOAuthError extends CognitoError {}

// What the caller sent is wrong.

export class InvalidRequestError extends CognitoOAuthError {
  readonly code = 'invalid_request';
}
export class InvalidReturnToError extends CognitoOAuthError {
  readonly code = 'invalid_return_to';
}
export class InvalidStateError extends CognitoOAuthError {
  readonly code = 'invalid_state';
}
export class UnsupportedTokenTypeError extends CognitoOAuthError {
  readonly code = 'unsupported_token_type';
}
/** Cognito sent the browser back with `?error=` (other than access_denied); `code` is Cognito's, tamed. */
export class AuthorizationFailedError extends CognitoOAuthError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
/** Cognito's token endpoint refused the grant the caller brought (a bad code, an unknown scope). */
export class TokenRequestRejectedError extends CognitoOAuthError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A request acting on the session cookie came from another site (cross-site request forgery). */
export class CrossSiteRequestError extends CognitoOAuthError {
  readonly code = 'cross_site_request';
}

// The caller's credentials are not (or no longer) good.

export class RefreshTokenInvalidError extends CognitoOAuthError {
  readonly code = 'invalid_grant';
}
export class AccessTokenRejectedError extends CognitoOAuthError {
  readonly code = 'invalid_token';
}
export class SignInRejectedError extends CognitoOAuthError {
  readonly code = 'invalid_id_token';
}
export class SignInDeniedError extends CognitoOAuthError {
  readonly code = 'access_denied';
}

// Cognito, or this app's configuration at Cognito, failed us.

export class CognitoUnavailableError extends CognitoOAuthError {
  readonly code = 'cognito_unavailable';
}
export class CognitoBadResponseError extends CognitoOAuthError {
  readonly code = 'cognito_bad_response';
}
export class CognitoRejectedClientError extends CognitoOAuthError {
  readonly code = 'cognito_rejected_client';
}
export class RevocationFailedError extends CognitoOAuthError {
  readonly code = 'cognito_revoke_failed';
}
export class SignInFailedError extends CognitoOAuthError {
  readonly code = 'sign_in_failed';
}

/** A hosted-UI route was called while the module has no `domain` (forRootAsync mounts the routes early). */
export class HostedUiNotConfiguredError extends CognitoOAuthError {
  readonly code = 'hosted_ui_not_configured';
}
