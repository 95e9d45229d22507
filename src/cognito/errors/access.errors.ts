import { CognitoError } from './cognito.error.js';

/** A valid token that does not meet a route's `@Groups()` or `@Scopes()` rule. */
export abstract class AccessDeniedError extends CognitoError {}

export class MissingGroupError extends AccessDeniedError {
  readonly code = 'missing_group';
}
export class MissingScopeError extends AccessDeniedError {
  readonly code = 'missing_scope';
}
