import { CognitoError } from './cognito.error.js';

/** Session mode: the refresh token is dead, so the session is over and the user signs in again. */
export class SessionExpiredError extends CognitoError {
  readonly code = 'session_expired';
}
