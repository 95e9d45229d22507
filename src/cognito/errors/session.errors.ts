import { CognitoError } from './cognito.error.js';

/** Session mode: the session is over and the user signs in again. */
export abstract class SessionError extends CognitoError {}

/** The refresh token is dead (expired, revoked, signed out). */
export class SessionExpiredError extends SessionError {
  readonly code = 'session_expired';
}

/** A session cookie that does not open: tampered, truncated, or sealed with a key no longer configured. */
export class SessionInvalidError extends SessionError {
  readonly code = 'invalid_session';
}

/** The user's tokens do not fit in a session cookie under common header limits (many long group names, say). */
export class SessionTooLargeError extends CognitoError {
  readonly code = 'session_too_large';
}
