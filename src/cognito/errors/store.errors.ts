import { CognitoError } from './cognito.error.js';

/**
 * A failure of the shared store (Redis) or of what is built on it: our outage, never the caller's
 * fault, so it should answer 503 with `Retry-After`. Messages never contain a key, value or URL.
 */
export abstract class CognitoStoreError extends CognitoError {}

/** The store could not complete an operation (unreachable, timed out, or answered an error). */
export class StoreUnavailableError extends CognitoStoreError {
  readonly code = 'store_unavailable';
}

/** `sharedOnce()`: another instance holds the lock and no result came within `waitMs`. */
export class SharedResultTimeoutError extends CognitoStoreError {
  readonly code = 'shared_result_timeout';
}

/**
 * `RevocationList` with `failClosed`: whether a token was revoked is unknown, because the list has
 * not been in sync with the store for longer than the grace period (or never was).
 */
export class RevocationStatusUnknownError extends CognitoStoreError {
  readonly code = 'revocation_status_unknown';
}
