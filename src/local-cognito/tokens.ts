import { createHash, randomUUID } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { asIdTokenClaims, releasedAttributes } from './attributes.js';
import type { ProviderContext } from './context.js';
import type { ClientRecord, UserRecord } from './directory.js';
import type { SignInEvent } from './grants.js';
import type { KeyPurpose } from './keys.js';

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
  /** Test-only overrides merged last into both tokens. */
  extraClaims?: Record<string, unknown>;
}

export interface UserTokens {
  accessToken: string;
  idToken?: string;
  expiresIn: number;
}

export async function mintUserTokens(ctx: ProviderContext, request: UserTokenRequest): Promise<UserTokens> {
  const { user, client, event } = request;
  const iat = Math.floor(ctx.now() / 1000);
  const groups = request.groups ?? user.groups;
  const groupClaim = groups.length ? { 'cognito:groups': [...groups] } : {};
  const expiresIn = request.accessTokenValiditySeconds ?? client.accessTokenValiditySeconds;

  const accessToken = await sign(ctx, 'access', {
    sub: user.sub,
    ...groupClaim,
    iss: ctx.issuer,
    version: 2,
    client_id: client.clientId,
    origin_jti: request.originJti,
    event_id: event.eventId,
    token_use: 'access',
    scope: event.scopes.join(' '),
    auth_time: event.authTime,
    exp: iat + expiresIn,
    iat,
    jti: randomUUID(),
    username: user.username,
    ...request.extraClaims,
  });
  if (!request.idToken) return { accessToken, expiresIn };

  const idToken = await sign(ctx, 'id', {
    at_hash: accessTokenHash(accessToken),
    sub: user.sub,
    ...groupClaim,
    ...asIdTokenClaims(releasedAttributes(user, event.scopes)),
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
    ...request.extraClaims,
  });
  return { accessToken, idToken, expiresIn };
}

/** Machine-to-machine token: no user, so no `username`, groups or `aud`; `sub` is the client. */
export async function mintClientToken(ctx: ProviderContext, client: ClientRecord, scopes: string[]): Promise<UserTokens> {
  const iat = Math.floor(ctx.now() / 1000);
  const accessToken = await sign(ctx, 'access', {
    sub: client.clientId,
    token_use: 'access',
    scope: scopes.join(' '),
    auth_time: iat,
    iss: ctx.issuer,
    exp: iat + client.accessTokenValiditySeconds,
    iat,
    version: 2,
    jti: randomUUID(),
    client_id: client.clientId,
  });
  return { accessToken, expiresIn: client.accessTokenValiditySeconds };
}

/**
 * Accepts only access tokens this provider signed, not expired, not revoked. Returns
 * undefined for anything else: callers answer every failure the same way.
 */
export async function verifyOwnAccessToken(ctx: ProviderContext, token: string): Promise<JWTPayload | undefined> {
  try {
    const { kid } = decodeProtectedHeader(token);
    const key = kid ? ctx.keys.findKey(kid, 'access') : undefined;
    if (!key) return undefined;
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: ['RS256'],
      issuer: ctx.issuer,
      currentDate: new Date(ctx.now()),
      requiredClaims: ['exp', 'iat', 'sub', 'client_id'],
    });
    if (payload.token_use !== 'access') return undefined;
    if (typeof payload.origin_jti === 'string' && ctx.grants.isRevoked(payload.origin_jti)) return undefined;
    return payload;
  } catch {
    return undefined;
  }
}

/** OIDC `at_hash`: left half of SHA-256 over the access token's ASCII, base64url. */
export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest().subarray(0, 16).toString('base64url');
}

function sign(ctx: ProviderContext, purpose: KeyPurpose, claims: Record<string, unknown>): Promise<string> {
  const key = ctx.keys.signingKey(purpose);
  return new SignJWT(claims as JWTPayload).setProtectedHeader({ kid: key.kid, alg: 'RS256' }).sign(key.privateKey);
}
