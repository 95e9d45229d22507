/** Injection token of the resolved module options. */
export const COGNITO_OPTIONS = Symbol('COGNITO_OPTIONS');
/** Injection token of the options as the user gave them (before validation), for forRootAsync. */
export const COGNITO_MODULE_USER_OPTIONS = Symbol('COGNITO_MODULE_USER_OPTIONS');

/** Passport strategy names, so they never collide with an app's own 'jwt' strategy. */
export const COGNITO_JWT_STRATEGY = 'cognito-jwt';
export const COGNITO_OAUTH_STRATEGY = 'cognito-oauth2';

/** Injection tokens of this module instance's own Passport strategy names (see passport-registration.ts). */
export const COGNITO_JWT_STRATEGY_NAME = Symbol('COGNITO_JWT_STRATEGY_NAME');
export const COGNITO_OAUTH_STRATEGY_NAME = Symbol('COGNITO_OAUTH_STRATEGY_NAME');

/** Metadata keys written by the decorators and read by the guard. */
export const IS_PUBLIC_KEY = 'cognito:public';
export const OPTIONAL_AUTH_KEY = 'cognito:optional-auth';
export const GROUPS_KEY = 'cognito:groups';
export const SCOPES_KEY = 'cognito:scopes';

/** Injection token of the store shared by instances (`CognitoStore`). */
export const COGNITO_STORE = Symbol('COGNITO_STORE');
