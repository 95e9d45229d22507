import { describe, expect, it } from 'vitest';
import * as library from '../../src/cognito/index.js';
import {
  AccessTokenRejectedError,
  AuthorizationFailedError,
  CognitoBadResponseError,
  CognitoError,
  CognitoRejectedClientError,
  CognitoUnavailableError,
  HostedUiNotConfiguredError,
  InvalidRequestError,
  InvalidReturnToError,
  InvalidStateError,
  JwksUnavailableError,
  JwtExpiredError,
  JwtMalformedError,
  MissingGroupError,
  MissingScopeError,
  MissingTokenError,
  RefreshTokenInvalidError,
  RevocationFailedError,
  SessionExpiredError,
  SignInDeniedError,
  SignInFailedError,
  SignInRejectedError,
  TokenRequestRejectedError,
  UnsupportedTokenTypeError,
  errorResponse,
} from '../../src/cognito/index.js';

describe('errorResponse: the one mapping from errors to HTTP', () => {
  it('no token: 401 without an error code in the challenge (RFC 6750 §3.1)', () => {
    expect(errorResponse(new MissingTokenError('no bearer token'))).toEqual({
      status: 401,
      body: { statusCode: 401, error: 'unauthorized', reason: 'missing_token', message: 'no bearer token' },
      headers: { 'WWW-Authenticate': 'Bearer realm="cognito"' },
    });
  });

  it('a bad token: 401 invalid_token with the precise reason', () => {
    expect(errorResponse(new JwtExpiredError('token has expired'))).toEqual({
      status: 401,
      body: { statusCode: 401, error: 'invalid_token', reason: 'token_expired', message: 'token has expired' },
      headers: { 'WWW-Authenticate': 'Bearer realm="cognito", error="invalid_token", error_description="token has expired"' },
    });
    expect(errorResponse(new SessionExpiredError('session expired')).body).toMatchObject({ error: 'invalid_token', reason: 'session_expired' });
  });

  it('a quote in a message cannot break out of the challenge', () => {
    const { headers } = errorResponse(new JwtMalformedError('Authorization header is not "Bearer <token>"'));
    expect(headers['WWW-Authenticate']).toBe('Bearer realm="cognito", error="invalid_token", error_description="Authorization header is not Bearer <token>"');
  });

  it('JWKS down: 503 with Retry-After', () => {
    expect(errorResponse(new JwksUnavailableError('down'))).toEqual({
      status: 503,
      body: { statusCode: 503, error: 'temporarily_unavailable', reason: 'jwks_unavailable', message: 'down' },
      headers: { 'Retry-After': '30' },
    });
  });

  it('a group or scope missing: 403 insufficient_scope', () => {
    for (const [error, reason] of [[new MissingGroupError('requires group admin'), 'missing_group'], [new MissingScopeError('requires scope x'), 'missing_scope']] as const) {
      const answer = errorResponse(error);
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual({ statusCode: 403, error: 'insufficient_scope', reason, message: error.message });
      expect(answer.headers['WWW-Authenticate']).toContain('error="insufficient_scope"');
    }
  });

  it.each([
    [new InvalidRequestError('m'), 400, 'invalid_request'],
    [new InvalidReturnToError('m'), 400, 'invalid_return_to'],
    [new InvalidStateError('m'), 400, 'invalid_state'],
    [new UnsupportedTokenTypeError('m'), 400, 'unsupported_token_type'],
    [new AuthorizationFailedError('server_error', 'm'), 400, 'server_error'],
    [new TokenRequestRejectedError('invalid_grant', 'm'), 400, 'invalid_grant'],
    [new RefreshTokenInvalidError('m'), 401, 'invalid_grant'],
    [new AccessTokenRejectedError('m'), 401, 'invalid_token'],
    [new SignInRejectedError('m'), 401, 'invalid_id_token'],
    [new SignInDeniedError('m'), 401, 'access_denied'],
    [new HostedUiNotConfiguredError('m'), 404, 'hosted_ui_not_configured'],
    [new CognitoUnavailableError('m'), 502, 'cognito_unavailable'],
    [new CognitoBadResponseError('m'), 502, 'cognito_bad_response'],
    [new CognitoRejectedClientError('m'), 502, 'cognito_rejected_client'],
    [new RevocationFailedError('m'), 502, 'cognito_revoke_failed'],
    [new SignInFailedError('m'), 502, 'sign_in_failed'],
  ])('%s: %i %s, the OAuth body', (error, status, code) => {
    const answer = errorResponse(error);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ statusCode: status, error: code, message: 'm' });
    expect(Object.keys(answer.headers)).toEqual(status === 401 ? ['WWW-Authenticate'] : []);
  });

  it('every error class the library exports has a deliberate answer (none falls through to 400 by accident)', () => {
    type ErrorClass = new (...args: string[]) => CognitoError;
    const classes = (Object.values(library) as unknown[]).filter(
      (value): value is ErrorClass => typeof value === 'function' && value.prototype instanceof CognitoError,
    );
    // Abstract bases construct at run time too, but carry no code.
    const concrete = classes.filter((Class) => typeof new Class('code', 'message').code === 'string');
    expect(concrete.length).toBeGreaterThanOrEqual(30);
    for (const Class of concrete) {
      const error = new Class('code', 'message');
      const { status } = errorResponse(error);
      expect([400, 401, 403, 404, 502, 503], Class.name).toContain(status);
      if (status === 400) expect(Class.name, 'a 400 is for what the caller sent (or brought back from Cognito)').toMatch(/Invalid|Unsupported|AuthorizationFailed|TokenRequestRejected|TooLarge/);
    }
  });
});
