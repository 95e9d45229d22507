import { invalidParameter, missingMember, notAuthorized, ApiError } from './api-error.js';
import type { ProviderContext } from './context.js';
import { sameSecret } from './directory.js';
import { checkAccessToken } from './tokens.js';

/** Cognito's self-service operations need this scope in the access token. */
const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

/** `GetUser`: the signed-in user's attributes, for an access token with the admin scope. */
export async function getUser(ctx: ProviderContext, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { username } = await userOfAccessToken(ctx, input);
  const user = ctx.directory.findUser(username);
  if (!user) throw new ApiError('UserNotFoundException', 'User does not exist.');
  const attributes = { sub: user.sub, ...user.attributes };
  return {
    Username: user.username,
    UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
    UserMFASettingList: [],
  };
}

/**
 * `GlobalSignOut`: ends every refresh token of the user (all clients) and the access tokens
 * issued from them. Like Cognito, it leaves the hosted-UI session cookie alone.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GlobalSignOut.html
 */
export async function globalSignOut(ctx: ProviderContext, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { username } = await userOfAccessToken(ctx, input);
  const count = ctx.grants.revokeUser(username);
  ctx.log(`${username} signed out globally (${count} refresh token${count === 1 ? '' : 's'} revoked)`);
  return {};
}

/** `RevokeToken`: the API twin of `/oauth2/revoke`. */
export async function revokeToken(ctx: ProviderContext, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const token = requiredString(input, 'Token', 'token');
  const clientId = requiredString(input, 'ClientId', 'clientId');
  const client = ctx.directory.findClient(clientId);
  if (!client) throw new ApiError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
  const secret = input.ClientSecret;
  if (client.clientSecret !== undefined && (typeof secret !== 'string' || !sameSecret(client.clientSecret, secret))) {
    throw notAuthorized(`Client ${clientId} is configured with secret but ClientSecret was not received or is wrong`);
  }
  if (token.split('.').length === 3) throw new ApiError('UnsupportedTokenTypeException', 'Only refresh tokens can be revoked.');
  const grant = ctx.grants.findRefreshToken(token);
  if (grant && grant.clientId !== clientId) throw notAuthorized('The refresh token was not issued to this client.');
  if (grant) {
    ctx.grants.revokeOrigin(grant.originJti);
    ctx.log(`refresh token of ${grant.username} revoked by ${grant.clientId}`);
  }
  return {};
}

async function userOfAccessToken(ctx: ProviderContext, input: Record<string, unknown>): Promise<{ username: string }> {
  const token = requiredString(input, 'AccessToken', 'accessToken');
  const check = await checkAccessToken(ctx, token);
  if (!check.ok) {
    throw notAuthorized(check.reason === 'expired' ? 'Access Token has expired' : check.reason === 'revoked' ? 'Access Token has been revoked' : 'Invalid Access Token');
  }
  const scopes = typeof check.payload.scope === 'string' ? check.payload.scope.split(' ') : [];
  if (!scopes.includes(ADMIN_SCOPE)) throw notAuthorized('Access Token does not have required scopes');
  // Client-credentials tokens have no user.
  if (typeof check.payload.username !== 'string') throw notAuthorized('Invalid Access Token');
  return { username: check.payload.username };
}

export function requiredString(input: Record<string, unknown>, key: string, member: string): string {
  const value = input[key];
  if (value === undefined || value === null) throw missingMember(member);
  if (typeof value !== 'string' || value === '') throw invalidParameter(`${key} must be a non-empty string`);
  return value;
}
