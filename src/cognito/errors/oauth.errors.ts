/**
 * A failure of the hosted-UI flow or of a call to Cognito's OAuth endpoints, with the HTTP
 * status our API answers: 400/401 for what the caller sent, 502 when Cognito is unreachable,
 * answers garbage, or rejects our own client credentials.
 */
export class CognitoOAuthError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 502,
    /** OAuth-style code, e.g. `invalid_grant`, `invalid_state`, `access_denied`, `cognito_unavailable`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CognitoOAuthError';
  }

  toJSON() {
    return { statusCode: this.status, error: this.code, message: this.message };
  }
}
