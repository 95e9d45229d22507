/** Claims both Cognito token kinds carry. */
interface CognitoCommonClaims {
  sub: string;
  iss: string;
  exp: number;
  iat: number;
  auth_time?: number;
  jti?: string;
  origin_jti?: string;
  'cognito:groups'?: string[];
  event_id?: string;
}

/** A Cognito access token. It has `client_id`, never `aud`. M2M tokens have no `username` and no groups. */
export interface CognitoAccessTokenClaims extends CognitoCommonClaims {
  token_use: 'access';
  client_id: string;
  /** Space-separated, e.g. `openid email orders/read`. */
  scope?: string;
  username?: string;
  version?: number;
  device_key?: string;
}

/** A Cognito id token. Custom attributes are `custom:*` strings. */
export interface CognitoIdTokenClaims extends CognitoCommonClaims {
  token_use: 'id';
  aud: string;
  'cognito:username': string;
  'cognito:roles'?: string[];
  'cognito:preferred_role'?: string;
  email?: string;
  email_verified?: boolean;
  phone_number?: string;
  phone_number_verified?: boolean;
  name?: string;
  given_name?: string;
  family_name?: string;
  preferred_username?: string;
  nonce?: string;
  at_hash?: string;
  identities?: Array<{ userId: string; providerName: string; providerType: string; issuer: string | null; primary: string; dateCreated: string }>;
  [customAttribute: `custom:${string}`]: string | undefined;
}

/** What the guard puts on `req.user` and `@Claims()` injects. */
export type CognitoClaims = CognitoAccessTokenClaims | CognitoIdTokenClaims;
