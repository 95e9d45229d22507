/**
 * The pool file schema: what a local user pool contains. This is the shape of
 * `local-cognito.example.json` and of the `pool` option.
 */

/** Scopes Cognito reserves; everything else must be `{resourceServer}/{scope}`. */
export const RESERVED_SCOPES = ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'] as const;

/**
 * Cognito's two issuer formats: `https://cognito-idp.{region}.amazonaws.com/{poolId}` (original,
 * the default) and `https://issuer-cognito-idp.{region}.amazonaws.com/{poolId}` (updated). Locally
 * they become `{url}/{poolId}` and `{url}/issuer-cognito-idp/{poolId}`.
 */
export type LocalIssuerFormat = 'original' | 'updated';

export interface LocalPoolConfig {
  /** Default `local_LocalPool1` (`local_LocalPool2`, ... for further pools). The `userPoolId` start option overrides the first pool's. */
  userPoolId?: string;
  /** Default `local`. Reported through `settingsFor()` and hook events; the local issuer does not use it. */
  region?: string;
  /** Default `original`. Switch at run time with `pool.setIssuerFormat()`. */
  issuerFormat?: LocalIssuerFormat;
  /** A pre token generation "Lambda": a plain function, or a module path in a pool file. */
  preTokenGeneration?: LocalPreTokenGeneration;
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

/** Cognito's `ExplicitAuthFlows` names; local-cognito implements the password and refresh flows. */
export type LocalExplicitAuthFlow = 'ALLOW_USER_PASSWORD_AUTH' | 'ALLOW_REFRESH_TOKEN_AUTH' | 'ALLOW_USER_SRP_AUTH' | 'ALLOW_CUSTOM_AUTH' | 'ALLOW_ADMIN_USER_PASSWORD_AUTH' | 'ALLOW_USER_AUTH';

export const EXPLICIT_AUTH_FLOWS: readonly LocalExplicitAuthFlow[] = [
  'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_AUTH',
];

/** What Cognito enables when a client is created without `ExplicitAuthFlows`: no plain-password sign-in. */
export const DEFAULT_EXPLICIT_AUTH_FLOWS: readonly LocalExplicitAuthFlow[] = ['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

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
  /**
   * Flows of the user-pool API (`InitiateAuth`). Default: Cognito's default for a new client,
   * `ALLOW_USER_SRP_AUTH`, `ALLOW_CUSTOM_AUTH`, `ALLOW_REFRESH_TOKEN_AUTH`; add
   * `ALLOW_USER_PASSWORD_AUTH` for `USER_PASSWORD_AUTH`.
   */
  explicitAuthFlows?: LocalExplicitAuthFlow[];
  /**
   * Default true, as for clients created in the console: an unknown user gets
   * `NotAuthorizedException` like a wrong password. False answers `UserNotFoundException`.
   */
  preventUserExistenceErrors?: boolean;
}

export interface LocalResourceServer {
  /** Prefix of its scopes, e.g. `demo-api` gives `demo-api/read`. */
  identifier: string;
  /** Scope names without the prefix, e.g. `['read', 'write']`. */
  scopes: string[];
  name?: string;
}

/** The trigger's event versions; V3_0 also customizes client-credentials tokens. */
export type LocalPreTokenGenerationVersion = 'V1_0' | 'V2_0' | 'V3_0';

export interface LocalPreTokenGeneration {
  /** Cognito's `LambdaVersion`: V1_0 changes the ID token, V2_0 also user access tokens, V3_0 also client-credentials tokens. */
  lambdaVersion: LocalPreTokenGenerationVersion;
  /**
   * A function `(event) => event` (may be async, may throw), or, in a pool file, the path of an
   * ES module relative to that file, optionally with `#exportName` (default export name `handler`).
   */
  handler: PreTokenGenerationHandler | string;
}

/** A Lambda-style handler: returns the event with `response` filled in. */
export type PreTokenGenerationHandler = (event: PreTokenGenerationEvent) => PreTokenGenerationEvent | Promise<PreTokenGenerationEvent>;

export type PreTokenGenerationTriggerSource =
  | 'TokenGeneration_HostedAuth'
  | 'TokenGeneration_Authentication'
  | 'TokenGeneration_RefreshTokens'
  | 'TokenGeneration_ClientCredentials';

export interface GroupOverrideDetails {
  groupsToOverride?: string[];
  iamRolesToOverride?: string[];
  preferredRole?: string | null;
}

/** V1 values are strings; V2 and V3 also take numbers, booleans, arrays and objects. */
export type ClaimValue = string | number | boolean | ClaimValue[] | { [key: string]: ClaimValue };

export interface TokenClaimsOverride {
  claimsToAddOrOverride?: Record<string, ClaimValue>;
  claimsToSuppress?: string[];
}

export interface AccessTokenClaimsOverride extends TokenClaimsOverride {
  scopesToAdd?: string[];
  scopesToSuppress?: string[];
}

/** The event Cognito sends, with the same field names. */
export interface PreTokenGenerationEvent {
  /** `'1'`, `'2'` or `'3'`. */
  version: string;
  triggerSource: PreTokenGenerationTriggerSource;
  region: string;
  userPoolId: string;
  /** The username; for client credentials, the client id. */
  userName: string;
  callerContext: { awsSdkVersion: string; clientId: string };
  request: {
    userAttributes: Record<string, string>;
    groupConfiguration: GroupOverrideDetails;
    /** V2 and V3 only: the scopes the access token would carry. */
    scopes?: string[];
    clientMetadata?: Record<string, string>;
  };
  response: {
    /** V1 */
    claimsOverrideDetails?: TokenClaimsOverride & { groupOverrideDetails?: GroupOverrideDetails | null } | null;
    /** V2 and V3 */
    claimsAndScopeOverrideDetails?: {
      idTokenGeneration?: TokenClaimsOverride | null;
      accessTokenGeneration?: AccessTokenClaimsOverride | null;
      groupOverrideDetails?: GroupOverrideDetails | null;
    } | null;
  };
}
