import type { ModuleMetadata, Type } from '@nestjs/common';
import type { CognitoStore } from '../store/cognito-store.interface.js';

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
  /**
   * The `iss` to accept (exact match): one URL, or a list (a local provider's two formats, say).
   * Default: both issuers Cognito may sign the pool's tokens with,
   * `https://cognito-idp.{region}.amazonaws.com/{userPoolId}` and, for pools set to the updated
   * issuer format, `https://issuer-cognito-idp.{region}.amazonaws.com/{userPoolId}`, so a pool
   * switching formats keeps working with tokens of both. Each issuer's keys come from its own JWKS.
   */
  issuer?: string | readonly string[];
  /**
   * JWKS location. Default: `{issuer}/.well-known/jwks.json` of the issuer a token names, one key
   * cache per issuer. When given, the keys of every accepted issuer of this pool come from here.
   */
  jwksUri?: string;
  /**
   * Leeway in seconds for `exp` and `nbf`, at most 300. Default 0. `iat` may be in the future by
   * this much or by 60 seconds, whichever is more, so that a server clock slightly behind Cognito's
   * does not refuse fresh tokens; that never lengthens a token's life, which `exp` bounds.
   */
  clockTolerance?: number;
  /** How long fetched signing keys are trusted before the JWKS is fetched again, in ms. Default 10 minutes. */
  jwksCacheMaxAge?: number;
  /** Most signing keys kept. Default 10. */
  jwksCacheMaxEntries?: number;
  /**
   * Most JWKS fetches a minute triggered by unknown `kid`s. Default 10. After a fetch that did not
   * find a token's `kid`, unknown kids cause no fetch for `60 / jwksRequestsPerMinute` seconds (the
   * next fetch loads any key rotated in meanwhile); refreshes of known keys are not limited.
   */
  jwksRequestsPerMinute?: number;
  /** JWKS request timeout in ms. Default 5000. */
  jwksTimeout?: number;
  /**
   * Further user pools whose tokens are accepted (multi-tenant). A token goes to the pool whose
   * issuer its `iss` is, exactly, and must carry one of that pool's client ids; tokens of other
   * issuers are refused (`invalid_issuer`) before any key is fetched. The top-level `userPoolId`
   * and `clientId` stay the primary pool, the one hosted-UI sign-in uses.
   */
  additionalUserPools?: readonly CognitoUserPoolOptions[];
  /**
   * How JWKS documents are fetched: `(jwksUri) => Promise<parsed JSON>`. Default: a GET over
   * node:http(s) bounded by `jwksTimeout` and 1 MiB. For proxies, air-gapped JWKS copies, tests.
   */
  jwksFetcher?: (jwksUri: string) => Promise<unknown>;
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
  /** Cognito's user-pool API, for `getUser()` and `globalSignOut()`. Default `https://cognito-idp.{region}.amazonaws.com/`. */
  apiEndpoint?: string;
  /** Timeout in ms of calls to the token, userInfo and revoke endpoints. Default 5000. */
  httpTimeout?: number;
  /** App client for machine-to-machine tokens (client credentials). Default: `clientId` and `clientSecret`. */
  m2m?: { clientId: string; clientSecret: string };
  /**
   * Where state shared by the app's instances lives: revocations (sign-out), refresh results,
   * redeemed sign-in states, machine-to-machine tokens. Default: in this process's memory, which is
   * right for one instance. For several, `redisUrl` (or a `RedisCognitoStore` of your own here).
   * The module closes it when the app shuts down.
   */
  store?: CognitoStore;
  /** A Redis URL for the shared store, e.g. `redis://redis:6379/0` (`COGNITO_REDIS_URL`). Ignored when `store` is given. */
  redisUrl?: string;
  /** How revocations behave while the shared store is unreachable. */
  revocation?: CognitoRevocationOptions;
  /** Register `CognitoGuard` as a global guard (APP_GUARD); opt out per route with `@Public()`. Default false. */
  globalGuard?: boolean;
  /** Make the module's providers visible in every module. Default false. */
  isGlobal?: boolean;
}

/** A further user pool whose tokens are accepted; see `additionalUserPools`. */
export interface CognitoUserPoolOptions {
  /** User pool id, `{region}_{id}`. */
  userPoolId: string;
  /** App client id of this pool, or several. */
  clientId: string | readonly string[];
  /** Defaults to the prefix of `userPoolId`. */
  region?: string;
  /** As the top-level `issuer`: one `iss` or a list; default both Cognito issuer formats of this pool. */
  issuer?: string | readonly string[];
  /** As the top-level `jwksUri`. */
  jwksUri?: string;
}

export interface CognitoRevocationOptions {
  /**
   * Refuse tokens (503) when whether they were revoked is unknown: before the first load of the
   * revocation list, and while the store has been unreachable for longer than `failClosedGraceMs`.
   * Default false: keep answering from the revocations this instance knows.
   */
  failClosed?: boolean;
  /** With `failClosed`: how long an outage is tolerated. Default 30 s. */
  failClosedGraceMs?: number;
  /** The longest access/id token lifetime of your app clients, in seconds; a "sign out everywhere" is kept this long. Default 1 day, Cognito's maximum. */
  maxTokenLifetimeSeconds?: number;
}

export interface CognitoSessionOptions {
  /** Cookie name (chunks get `.0`, `.1`, ... appended; `__Host-` is put before it when the cookie is Secure). Default `cognito_session`. */
  cookieName?: string;
  /** Cookie lifetime in seconds; match the app client's refresh-token validity. Default 30 days. */
  maxAge?: number;
  /** When the refresh token is dead: answer 401 (default), or redirect browsers to sign-in. */
  onExpired?: 'unauthorized' | 'redirect';
  /** `false`: a browser-session cookie, gone when the browser closes (the session still ends after `maxAge`). Default true. */
  persistent?: boolean;
  /**
   * Keep the id token in the cookie too, for `CognitoSessionService.read()` (profile claims). Off by
   * default: the cookie needs only the access and refresh tokens, and stays well under header limits.
   */
  idToken?: boolean;
  /**
   * Server-side sessions: the cookie holds only a sealed session id; the tokens (id token included)
   * live in the module's `store`, sealed with the cookie secret. No cookie size limit, and
   * `CognitoSessionService.listSessions(sub)` / `endSessions(sub)` list and end a user's sessions.
   * On several instances, give the module a shared store (`redisUrl`). Default false.
   */
  server?: boolean;
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
