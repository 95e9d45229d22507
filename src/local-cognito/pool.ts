/**
 * The pool file schema: what a local user pool contains. This is the shape of
 * `local-cognito.example.json` and of the `pool` option.
 */

/** Scopes Cognito reserves; everything else must be `{resourceServer}/{scope}`. */
export const RESERVED_SCOPES = ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'] as const;

export interface LocalPoolConfig {
  /** Default `local_LocalPool1`. The `userPoolId` start option overrides it. */
  userPoolId?: string;
  /** Default `local`. Only reported through `settingsFor()`; the issuer does not use it. */
  region?: string;
  users?: LocalUser[];
  clients: LocalAppClient[];
  resourceServers?: LocalResourceServer[];
}

export interface LocalUser {
  /** Sign-in name. Matched case-insensitively, like a new Cognito pool. */
  username: string;
  password: string;
  /** Stable user id. When omitted, a UUID is derived from pool id + username, so it survives restarts. */
  sub?: string;
  /** An unconfirmed user must confirm with a code before signing in. Default true. */
  confirmed?: boolean;
  /** Group names, copied to `cognito:groups`. */
  groups?: string[];
  /**
   * Standard OIDC attributes (`email`, `email_verified`, `name`, `phone_number`, ...) and
   * `custom:*` attributes. Booleans are accepted for `*_verified`; Cognito stores every
   * attribute as a string.
   */
  attributes?: Record<string, string | boolean>;
}

export type LocalOAuthFlow = 'code' | 'client_credentials';

export interface LocalAppClient {
  clientId: string;
  /** Confidential client when set: the token and revoke endpoints then require it. */
  clientSecret?: string;
  /** Exact allow-list for `redirect_uri`. */
  callbackUrls?: string[];
  /** Exact allow-list for `/logout?logout_uri=`. */
  logoutUrls?: string[];
  /** Default `['code']`. `client_credentials` needs a secret and cannot be combined with `code`. */
  allowedOAuthFlows?: LocalOAuthFlow[];
  /** Reserved scopes and `{resourceServer}/{scope}` scopes. Default `['openid', 'email', 'profile']`. */
  allowedOAuthScopes?: string[];
  /** Default 3600 (1 hour). */
  accessTokenValiditySeconds?: number;
  /** Default 3600 (1 hour). */
  idTokenValiditySeconds?: number;
  /** Default 2592000 (30 days). */
  refreshTokenValiditySeconds?: number;
  /** When true, each refresh returns a new refresh token and retires the old one. Default false. */
  refreshTokenRotation?: boolean;
  /** With rotation, how long (0–60 s) the old refresh token keeps working. Default 0. */
  retryGracePeriodSeconds?: number;
}

export interface LocalResourceServer {
  /** Prefix of its scopes, e.g. `demo-api` gives `demo-api/read`. */
  identifier: string;
  /** Scope names without the prefix, e.g. `['read', 'write']`. */
  scopes: string[];
  name?: string;
}
