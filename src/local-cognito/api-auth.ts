import { createHmac, randomUUID } from 'node:crypto';
import { ApiError, invalidParameter, notAuthorized } from './api-error.js';
import { requiredString } from './api-user.js';
import type { ProviderContext } from './context.js';
import { sameSecret, type ClientRecord, type UserRecord } from './directory.js';
import type { RefreshGrant, SignInEvent } from './grants.js';
import { runPreTokenGeneration } from './pre-token-generation.js';
import { mintRefreshedTokens, mintUserTokens } from './tokens.js';

/** Tokens from the API carry only this scope (no `openid`: userInfo refuses them, as in Cognito). */
const API_SCOPES = ['aws.cognito.signin.user.admin'];
const AUTH_FLOWS = ['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN', 'CUSTOM_AUTH', 'ADMIN_NO_SRP_AUTH', 'USER_PASSWORD_AUTH', 'ADMIN_USER_PASSWORD_AUTH', 'USER_AUTH'];

/**
 * `InitiateAuth` with `USER_PASSWORD_AUTH` or `REFRESH_TOKEN_AUTH`.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
 */
export async function initiateAuth(ctx: ProviderContext, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const flow = requiredString(input, 'AuthFlow', 'authFlow');
  const client = findClient(ctx, requiredString(input, 'ClientId', 'clientId'));
  if (!AUTH_FLOWS.includes(flow)) {
    throw invalidParameter(`1 validation error detected: Value '${flow}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [${AUTH_FLOWS.join(', ')}]`);
  }
  const params = stringMap(input.AuthParameters, 'AuthParameters') ?? {};
  const metadata = stringMap(input.ClientMetadata, 'ClientMetadata');
  if (flow === 'USER_PASSWORD_AUTH') return passwordAuth(ctx, client, params, metadata);
  if (flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN') {
    requireFlow(client, 'ALLOW_REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN_AUTH');
    // With rotation, Cognito refreshes only through GetTokensFromRefreshToken.
    // https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-refresh-token.html
    if (client.rotation) throw invalidParameter('Refresh token rotation is enabled for this app client; use GetTokensFromRefreshToken');
    const grant = usableRefreshGrant(ctx, client, params.REFRESH_TOKEN);
    checkSecretHash(ctx, client, params.SECRET_HASH, grant);
    return { AuthenticationResult: await refreshResult(ctx, client, grant, metadata, false), ChallengeParameters: {} };
  }
  if (flow.startsWith('ADMIN_')) throw invalidParameter('Initiate Auth method not supported.');
  throw invalidParameter(`local-cognito does not implement the ${flow} flow; use USER_PASSWORD_AUTH (with ALLOW_USER_PASSWORD_AUTH on the client)`);
}

/**
 * `GetTokensFromRefreshToken`: refresh through the API, with rotation when the client has it.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetTokensFromRefreshToken.html
 */
export async function getTokensFromRefreshToken(ctx: ProviderContext, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const token = requiredString(input, 'RefreshToken', 'refreshToken');
  const client = findClient(ctx, requiredString(input, 'ClientId', 'clientId'));
  const secret = input.ClientSecret;
  if (client.clientSecret !== undefined && (typeof secret !== 'string' || !sameSecret(client.clientSecret, secret))) {
    throw notAuthorized(`Client ${client.clientId} is configured with secret but ClientSecret was not received or is wrong`);
  }
  requireFlow(client, 'ALLOW_REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN_AUTH');
  const grant = usableRefreshGrant(ctx, client, token);
  return { AuthenticationResult: await refreshResult(ctx, client, grant, stringMap(input.ClientMetadata, 'ClientMetadata'), client.rotation) };
}

async function passwordAuth(ctx: ProviderContext, client: ClientRecord, params: Record<string, string>, metadata: Record<string, string> | undefined): Promise<Record<string, unknown>> {
  requireFlow(client, 'ALLOW_USER_PASSWORD_AUTH', 'USER_PASSWORD_AUTH');
  if (!params.USERNAME) throw invalidParameter('Missing required parameter USERNAME');
  if (!params.PASSWORD) throw invalidParameter('Missing required parameter PASSWORD');
  checkSecretHash(ctx, client, params.SECRET_HASH, { username: params.USERNAME });
  const user = ctx.directory.findUser(params.USERNAME);
  if (!user) {
    if (client.preventUserExistenceErrors) throw notAuthorized('Incorrect username or password.');
    throw new ApiError('UserNotFoundException', 'User does not exist.');
  }
  if (!ctx.directory.checkPassword(user, params.PASSWORD)) throw notAuthorized('Incorrect username or password.');
  if (!user.confirmed) throw new ApiError('UserNotConfirmedException', 'User is not confirmed.');

  const customization = await runPreTokenGeneration(ctx, {
    triggerSource: 'TokenGeneration_Authentication',
    client,
    user,
    groups: user.groups,
    scopes: API_SCOPES,
    clientMetadata: metadata,
  });
  const event: SignInEvent = { username: user.username, clientId: client.clientId, scopes: [...API_SCOPES], authTime: Math.floor(ctx.now() / 1000), eventId: randomUUID(), apiSignIn: true };
  const originJti = randomUUID();
  const tokens = await mintUserTokens(ctx, { user, client, event, originJti, idToken: true, customization });
  const refresh = ctx.grants.createRefreshToken(event, originJti, client.refreshTokenValiditySeconds);
  ctx.log(`${user.username} signed in to ${client.clientId} with USER_PASSWORD_AUTH`);
  return {
    AuthenticationResult: { AccessToken: tokens.accessToken, ExpiresIn: tokens.expiresIn, TokenType: 'Bearer', RefreshToken: refresh.token, IdToken: tokens.idToken },
    ChallengeParameters: {},
  };
}

async function refreshResult(ctx: ProviderContext, client: ClientRecord, grant: RefreshGrant, metadata: Record<string, string> | undefined, rotateToken: boolean): Promise<Record<string, unknown>> {
  const user = ctx.directory.findUser(grant.username);
  if (!user?.confirmed) throw notAuthorized('Invalid Refresh Token');
  const tokens = await mintRefreshedTokens(ctx, client, user, grant, metadata);
  const rotated = rotateToken ? ctx.grants.rotate(grant, client.retryGracePeriodSeconds) : undefined;
  return {
    AccessToken: tokens.accessToken,
    ExpiresIn: tokens.expiresIn,
    TokenType: 'Bearer',
    ...(tokens.idToken ? { IdToken: tokens.idToken } : {}),
    ...(rotated ? { RefreshToken: rotated.token } : {}),
  };
}

function usableRefreshGrant(ctx: ProviderContext, client: ClientRecord, token: string | undefined): RefreshGrant {
  if (!token) throw invalidParameter('Missing required parameter REFRESH_TOKEN');
  const grant = ctx.grants.findRefreshToken(token);
  // Another client's token is reported exactly like an unknown one.
  if (!grant || grant.clientId !== client.clientId) throw notAuthorized('Invalid Refresh Token');
  if (ctx.grants.isRevoked(grant.originJti)) throw notAuthorized('Refresh Token has been revoked');
  if (!ctx.grants.findUsableRefreshToken(token)) throw notAuthorized('Refresh Token has expired');
  return grant;
}

/**
 * `SECRET_HASH` = Base64(HMAC_SHA256(clientSecret, username + clientId)).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash
 * For a refresh the username is the token's user; the `sub` is accepted too, as apps with
 * e-mail sign-in often hash that.
 */
function checkSecretHash(ctx: ProviderContext, client: ClientRecord, given: string | undefined, who: { username: string }): void {
  if (client.clientSecret === undefined) return;
  if (!given) throw notAuthorized(`Client ${client.clientId} is configured with secret but SECRET_HASH was not received`);
  const user: UserRecord | undefined = ctx.directory.findUser(who.username);
  const names = [who.username, ...(user ? [user.username, user.sub] : [])];
  const ok = names.some((name) => sameSecret(createHmac('sha256', client.clientSecret!).update(name + client.clientId).digest('base64'), given));
  if (!ok) throw notAuthorized(`Unable to verify secret hash for client ${client.clientId}`);
}

function requireFlow(client: ClientRecord, allow: ClientRecord['explicitAuthFlows'][number], flow: string): void {
  if (!client.explicitAuthFlows.includes(allow)) throw invalidParameter(`${flow} flow not enabled for this client`);
}

function findClient(ctx: ProviderContext, clientId: string): ClientRecord {
  const client = ctx.directory.findClient(clientId);
  if (!client) throw new ApiError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
  return client;
}

function stringMap(value: unknown, name: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw invalidParameter(`${name} must be a map of strings`);
  }
  return value as Record<string, string>;
}
