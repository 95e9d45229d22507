import { AccessDeniedError } from './access.errors.js';
import type { CognitoError } from './cognito.error.js';
import { CognitoJwtError, JwksUnavailableError, MissingTokenError } from './jwt.errors.js';
import {
  AccessTokenRejectedError,
  CognitoBadResponseError,
  CognitoRejectedClientError,
  CognitoUnavailableError,
  CrossSiteRequestError,
  HostedUiNotConfiguredError,
  RefreshTokenInvalidError,
  RevocationFailedError,
  SignInDeniedError,
  SignInFailedError,
  SignInRejectedError,
} from './oauth.errors.js';
import { SessionError } from './session.errors.js';
import { CognitoStoreError } from './store.errors.js';

/**
 * The one body shape of every error the module answers. `error` is the machine-readable code;
 * bearer failures use RFC 6750's codes there (`invalid_token`, `insufficient_scope`), which
 * OAuth client libraries understand, and add `reason`, the precise failure.
 */
export interface CognitoErrorBody {
  statusCode: number;
  error: string;
  reason?: string;
  message: string;
}

export interface CognitoErrorResponse {
  status: number;
  body: CognitoErrorBody;
  headers: Record<string, string>;
}

// Seconds a client should wait before retrying when the JWKS or the shared store is down.
const RETRY_AFTER_SECONDS = '30';

const UPSTREAM = [CognitoUnavailableError, CognitoBadResponseError, CognitoRejectedClientError, RevocationFailedError, SignInFailedError];
const UNAUTHORIZED = [RefreshTokenInvalidError, AccessTokenRejectedError, SignInRejectedError, SignInDeniedError];

// Header values are built from our own messages, but a quote or backslash must still not end the string early.
const quoted = (text: string) => `"${text.replace(/["\\]/g, '')}"`;

function bearerChallenge(error?: string, description?: string): string {
  return error === undefined
    ? 'Bearer realm="cognito"'
    : `Bearer realm="cognito", error="${error}", error_description=${quoted(description ?? '')}`;
}

/** The HTTP answer for a module error: the only place where errors become statuses, bodies and headers. */
export function errorResponse(error: CognitoError): CognitoErrorResponse {
  const { code, message } = error;
  if (error instanceof JwksUnavailableError || error instanceof CognitoStoreError) {
    return answer(503, { error: 'temporarily_unavailable', reason: code, message }, { 'Retry-After': RETRY_AFTER_SECONDS });
  }
  if (error instanceof MissingTokenError) {
    // RFC 6750 §3.1: a request without any token gets no error code.
    return answer(401, { error: 'unauthorized', reason: code, message }, { 'WWW-Authenticate': bearerChallenge() });
  }
  if (error instanceof CognitoJwtError || error instanceof SessionError) {
    return answer(401, { error: 'invalid_token', reason: code, message }, { 'WWW-Authenticate': bearerChallenge('invalid_token', message) });
  }
  if (error instanceof AccessDeniedError) {
    return answer(403, { error: 'insufficient_scope', reason: code, message }, { 'WWW-Authenticate': bearerChallenge('insufficient_scope', message) });
  }
  if (UNAUTHORIZED.some((type) => error instanceof type)) {
    return answer(401, { error: code, message }, { 'WWW-Authenticate': bearerChallenge('invalid_token', message) });
  }
  if (error instanceof CrossSiteRequestError) return answer(403, { error: code, message });
  if (error instanceof HostedUiNotConfiguredError) return answer(404, { error: code, message });
  if (UPSTREAM.some((type) => error instanceof type)) return answer(502, { error: code, message });
  return answer(400, { error: code, message });
}

function answer(status: number, body: Omit<CognitoErrorBody, 'statusCode'>, headers: Record<string, string> = {}): CognitoErrorResponse {
  return { status, body: { statusCode: status, ...body }, headers };
}
