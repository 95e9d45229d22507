import { ForbiddenException, HttpException, HttpStatus } from '@nestjs/common';
import type { CognitoJwtError } from '../errors/jwt.errors.js';

interface HeaderSink {
  setHeader?(name: string, value: string): unknown;
  header?(name: string, value: string): unknown;
}

const quote = (text: string) => `"${text.replace(/["\\]/g, '')}"`;

function setHeader(response: HeaderSink, name: string, value: string): void {
  if (typeof response.setHeader === 'function') response.setHeader(name, value);
  else response.header?.(name, value);
}

/**
 * RFC 6750 answers: 401 with `WWW-Authenticate: Bearer error="invalid_token"` (no error code when
 * no token was sent at all), 503 when the JWKS is down. The body says why; never the token.
 */
export function authenticationFailed(error: CognitoJwtError, response: HeaderSink): HttpException {
  if (error.status === HttpStatus.SERVICE_UNAVAILABLE) {
    setHeader(response, 'Retry-After', '30');
    return new HttpException(
      { statusCode: 503, error: 'temporarily_unavailable', reason: error.code, message: error.message },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
  const missing = error.code === 'missing_token';
  setHeader(
    response,
    'WWW-Authenticate',
    missing ? 'Bearer realm="cognito"' : `Bearer realm="cognito", error="invalid_token", error_description=${quote(error.message)}`,
  );
  return new HttpException(
    { statusCode: 401, error: missing ? 'unauthorized' : 'invalid_token', reason: error.code, message: error.message },
    HttpStatus.UNAUTHORIZED,
  );
}

/** 403 `insufficient_scope` for a valid token that lacks a group or scope. */
export function accessDenied(message: string, response: HeaderSink, reason: 'missing_group' | 'missing_scope'): ForbiddenException {
  setHeader(response, 'WWW-Authenticate', `Bearer realm="cognito", error="insufficient_scope", error_description=${quote(message)}`);
  return new ForbiddenException({ statusCode: 403, error: 'insufficient_scope', reason, message });
}
