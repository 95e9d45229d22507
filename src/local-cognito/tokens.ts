import { createHash, randomUUID } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { asIdTokenClaims, releasedAttributes } from './attributes.js';
import type { ProviderContext } from './context.js';
import type { ClientRecord, UserRecord } from './directory.js';
import type { RefreshGrant, SignInEvent } from './grants.js';
import type { KeyPurpose } from './keys.js';
import { ISSUER_FORMATS } from './issuer.js';
import { runPreTokenGeneration, type ClaimChanges, type TokenCustomization } from './pre-token-generation.js';

export interface UserTokenRequest {
  user: UserRecord;
  client: ClientRecord;
  event: SignInEvent;
  originJti: string;
  nonce?: string;
  /** Cognito issues an ID token only when `openid` was granted; the testing kit may force one. */
  idToken: boolean;
  groups?: string[];
  accessTokenValiditySeconds?: number;
  /** What the pre token generation trigger asked for. */
  customization?: TokenCustomization;
  /** Test-only overrides merged last into both tokens. */
  extraClaims?: Record<string, unknown>;
}

export interface UserTokens {
  accessToken: string;
  idToken?: string;
  expiresIn: number;
}

/**
 * The tokens a refresh grant yields, through the pre token generation hook: the same for the OAuth
 * token endpoint and the user-pool API's refresh. Rotating the refresh token is the caller's call.
 */
export async function mintRefreshedTokens(ctx: ProviderContext, client: ClientRecord, user: UserRecord, grant: RefreshGrant, clientMetadata: Record<string, string> | undefined): Promise<UserTokens> {
  const customization = await runPreTokenGeneration(ctx, {
    triggerSource: 'TokenGeneration_RefreshTokens',
    client,
    user,
    groups: user.groups,
    scopes: grant.scopes,
    clientMetadata,
  });
  const idToken = grant.scopes.includes('openid') || grant.apiSignIn === true;
  return mintUserTokens(ctx, { user, client, event: grant, originJti: grant.originJti, idToken, customization });
}

export async function mintUserTokens(ctx: ProviderContext, request: UserTokenRequest): Promise<UserTokens> {
  const { user, client, event } = request;
  const iat = Math.floor(ctx.now() / 1000);
  const custom = request.customization;
  const groupClaim = groupClaims(custom, request.groups ?? user.groups);
  const expiresIn = request.accessTokenValiditySeconds ?? client.accessTokenValiditySeconds;
  const scopes = custom ? customizedScopes(event.scopes, custom) : event.scopes;

  const accessToken = await sign(ctx, 'access', applyChanges({
    sub: user.sub,
    ...groupClaim,
    iss: ctx.issuer,
    version: 2,
    client_id: client.clientId,
    origin_jti: request.originJti,
    event_id: event.eventId,
    token_use: 'access',
    scope: scopes.join(' '),
    auth_time: event.authTime,
    exp: iat + expiresIn,
    iat,
    jti: randomUUID(),
    username: user.username,
  }, custom?.accessToken, request.extraClaims));
  if (!request.idToken) return { accessToken, expiresIn };

  const idToken = await sign(ctx, 'id', applyChanges({
    at_hash: accessTokenHash(accessToken),
    sub: user.sub,
    ...groupClaim,
    // API sign-ins have no OAuth scopes; their ID token carries every attribute, as Cognito's does.
    ...asIdTokenClaims(event.apiSignIn ? user.attributes : releasedAttributes(user, event.scopes)),
    iss: ctx.issuer,
    'cognito:username': user.username,
    ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
    origin_jti: request.originJti,
    aud: client.clientId,
    event_id: event.eventId,
    token_use: 'id',
    auth_time: event.authTime,
    exp: iat + client.idTokenValiditySeconds,
    iat,
    jti: randomUUID(),
  }, custom?.idToken, request.extraClaims));
  return { accessToken, idToken, expiresIn };
}

/** Groups as the trigger left them: unchanged, replaced (with roles), or suppressed. */
function groupClaims(custom: TokenCustomization | undefined, groups: string[]): Record<string, unknown> {
  if (!custom || custom.groups === undefined) return groups.length ? { 'cognito:groups': [...groups] } : {};
  if (custom.groups === null) return {};
  const { groups: names, roles, preferredRole } = custom.groups;
  return {
    ...(names.length ? { 'cognito:groups': [...names] } : {}),
    ...(roles.length ? { 'cognito:roles': [...roles] } : {}),
    ...(preferredRole ? { 'cognito:preferred_role': preferredRole } : {}),
  };
}

/** Suppression wins over addition, as it does for claims. */
function customizedScopes(scopes: string[], custom: TokenCustomization): string[] {
  const { scopesToAdd, scopesToSuppress } = custom.accessToken;
  return [...new Set([...scopes, ...scopesToAdd])].filter((scope) => !scopesToSuppress.includes(scope));
}

/** "If a value is both suppressed and replaced, then it will be suppressed" (Cognito developer guide). */
function applyChanges(claims: Record<string, unknown>, changes: ClaimChanges | undefined, extra: Record<string, unknown> | undefined): Record<string, unknown> {
  const result = { ...claims, ...changes?.add };
  for (const name of changes?.suppress ?? []) delete result[name];
  return { ...result, ...extra };
}

/** Machine-to-machine token: no user, so no `username`, groups or `aud`; `sub` is the client. */
export async function mintClientToken(ctx: ProviderContext, client: ClientRecord, scopes: string[], custom?: TokenCustomization): Promise<UserTokens> {
  const iat = Math.floor(ctx.now() / 1000);
  const accessToken = await sign(ctx, 'access', applyChanges({
    sub: client.clientId,
    token_use: 'access',
    scope: (custom ? customizedScopes(scopes, custom) : scopes).join(' '),
    auth_time: iat,
    iss: ctx.issuer,
    exp: iat + client.accessTokenValiditySeconds,
    iat,
    version: 2,
    jti: randomUUID(),
    client_id: client.clientId,
  }, custom?.accessToken, undefined));
  return { accessToken, expiresIn: client.accessTokenValiditySeconds };
}

export type AccessTokenCheck = { ok: true; payload: JWTPayload } | { ok: false; reason: 'invalid' | 'expired' | 'revoked' };

/**
 * Accepts only access tokens this pool signed (either issuer format), not expired, not
 * revoked (by `/oauth2/revoke`, `RevokeToken` or `GlobalSignOut`).
 */
export async function checkAccessToken(ctx: ProviderContext, token: string): Promise<AccessTokenCheck> {
  try {
    const { kid } = decodeProtectedHeader(token);
    const key = kid ? ctx.keys.findKey(kid, 'access') : undefined;
    if (!key) return { ok: false, reason: 'invalid' };
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: ['RS256'],
      issuer: ISSUER_FORMATS.map((format) => ctx.issuerOf(format)),
      currentDate: new Date(ctx.now()),
      requiredClaims: ['exp', 'iat', 'sub', 'client_id'],
    });
    if (payload.token_use !== 'access') return { ok: false, reason: 'invalid' };
    if (typeof payload.origin_jti === 'string' && ctx.grants.isRevoked(payload.origin_jti)) return { ok: false, reason: 'revoked' };
    return { ok: true, payload };
  } catch (error) {
    return { ok: false, reason: (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid' };
  }
}

/** The payload of a usable access token, or undefined: callers answer every failure the same way. */
export async function verifyOwnAccessToken(ctx: ProviderContext, token: string): Promise<JWTPayload | undefined> {
  const check = await checkAccessToken(ctx, token);
  return check.ok ? check.payload : undefined;
}

/** OIDC `at_hash`: left half of SHA-256 over the access token's ASCII, base64url. */
export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest().subarray(0, 16).toString('base64url');
}

function sign(ctx: ProviderContext, purpose: KeyPurpose, claims: Record<string, unknown>): Promise<string> {
  const key = ctx.keys.signingKey(purpose);
  return new SignJWT(claims as JWTPayload).setProtectedHeader({ kid: key.kid, alg: 'RS256' }).sign(key.privateKey);
}
