import type { ModuleMetadata, Type } from '@nestjs/common';

export type CognitoTokenUse = 'access' | 'id';

/** What `CognitoModule.forRoot()` takes. Every option is listed in the README's configuration table. */
export interface CognitoModuleOptions {
  /** AWS region of the pool, e.g. `eu-west-1`. Defaults to the prefix of `userPoolId`. */
  region?: string;
  /** User pool id, `{region}_{id}`, e.g. `eu-west-1_AbC123xyz`. */
  userPoolId: string;
  /** App client id, or several: tokens of any of them are accepted. */
  clientId: string | readonly string[];
  /** App client secret, for confidential clients (hosted-UI code exchange, M2M). */
  clientSecret?: string;
  /** Hosted-UI base URL, e.g. `https://myapp.auth.eu-west-1.amazoncognito.com`. */
  domain?: string;
  /** Callback URL registered on the app client, e.g. `https://api.example.com/auth/callback`. */
  redirectUri?: string;
  /** Sign-out URL registered on the app client. */
  logoutUri?: string;
  /** Scopes requested at sign-in. Default `openid email profile`. */
  scopes?: readonly string[];
  /** Which token the bearer guard accepts: `access` (default) or `id`. */
  tokenUse?: CognitoTokenUse;
  /** Expected `iss`. Default `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`. */
  issuer?: string;
  /** JWKS location. Default `{issuer}/.well-known/jwks.json`. */
  jwksUri?: string;
  /** Leeway in seconds for `exp`, `nbf` and `iat`. Default 0. */
  clockTolerance?: number;
  /** How long fetched signing keys are trusted before the JWKS is fetched again, in ms. Default 10 minutes. */
  jwksCacheMaxAge?: number;
  /** Most signing keys kept. Default 10. */
  jwksCacheMaxEntries?: number;
  /** Most JWKS fetches a minute triggered by unknown `kid`s. Default 10. */
  jwksRequestsPerMinute?: number;
  /** JWKS request timeout in ms. Default 5000. */
  jwksTimeout?: number;
  /** Verified tokens remembered (by SHA-256 of the whole token) until they expire; 0 turns the cache off. Default 10000. */
  verifiedTokenCacheSize?: number;
  /** Longest token accepted, in characters. Default 8192. */
  maxTokenLength?: number;
  /** Where the sign-in, callback, refresh, userinfo and sign-out routes are mounted (when `domain` is set); `false` mounts none. Default `/auth`. */
  authPath?: string | false;
  /** Absolute URLs (or origins) that `returnTo` may point at, besides relative paths on this app. */
  allowedReturnTo?: readonly string[];
  /** Where the callback sends the browser when no `returnTo` was given (session mode). Default `/`. */
  defaultReturnTo?: string;
  /** Secret(s) of at least 32 characters that encrypt the state and session cookies; the first encrypts, all decrypt (rotation). Default: a random key per process. */
  cookieSecret?: string | readonly string[];
  /** Session mode: tokens in an encrypted HttpOnly cookie, refreshed transparently. Needs `cookieSecret`. */
  session?: boolean | CognitoSessionOptions;
  /** Timeout in ms of calls to the token, userInfo and revoke endpoints. Default 5000. */
  httpTimeout?: number;
  /** App client for machine-to-machine tokens (client credentials). Default: `clientId` and `clientSecret`. */
  m2m?: { clientId: string; clientSecret: string };
  /** Register `CognitoGuard` as a global guard (APP_GUARD); opt out per route with `@Public()`. Default false. */
  globalGuard?: boolean;
  /** Make the module's providers visible in every module. Default false. */
  isGlobal?: boolean;
}

export interface CognitoSessionOptions {
  /** Cookie name (chunks get `.0`, `.1`, ... appended). Default `cognito_session`. */
  cookieName?: string;
  /** Cookie lifetime in seconds; match the app client's refresh-token validity. Default 30 days. */
  maxAge?: number;
  /** When the refresh token is dead: answer 401 (default), or redirect browsers to sign-in. */
  onExpired?: 'unauthorized' | 'redirect';
}

export interface CognitoOptionsFactory {
  createCognitoOptions(): CognitoModuleOptions | Promise<CognitoModuleOptions>;
}

/** What `CognitoModule.forRootAsync()` takes. */
export interface CognitoModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  useFactory?: (...args: any[]) => CognitoModuleOptions | Promise<CognitoModuleOptions>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  inject?: any[];
  useClass?: Type<CognitoOptionsFactory>;
  useExisting?: Type<CognitoOptionsFactory>;
  /**
   * The module's shape must be known before the factory runs, so these are given here. A factory
   * whose options say otherwise stops the app at start-up with a `CognitoConfigError`.
   */
  globalGuard?: boolean;
  isGlobal?: boolean;
  /** Where to mount the hosted-UI routes, e.g. `/auth`; then the factory must give a `domain`. Default: no routes. */
  authPath?: string | false;
}
