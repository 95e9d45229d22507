import { randomUUID } from 'node:crypto';
import { authenticateClient } from './client-auth.js';
import type { ProviderContext } from './context.js';
import type { ClientRecord } from './directory.js';
import type { SignInEvent } from './grants.js';
import { jsonReply, oauthErrorReply, type ParsedRequest, type Reply } from './http.js';
import { verifierMatches } from './pkce.js';
import { grantClientScopes } from './scopes.js';
import { runPreTokenGeneration } from './pre-token-generation.js';
import { mintClientToken, mintRefreshedTokens, mintUserTokens } from './tokens.js';
import { TriggerError } from './trigger-error.js';

const CORS = { 'Access-Control-Allow-Origin': '*' };

/** Cognito's documented error shape: 400 for every error, `invalid_client` included. */
function fail(error: string, description: string): Reply {
  return oauthErrorReply(400, error, description, CORS);
}

/** `POST /oauth2/token`: authorization_code, refresh_token and client_credentials grants. */
export function tokenRoute(ctx: ProviderContext) {
  return async (request: ParsedRequest): Promise<Reply> => {
    const form = request.form;
    if (!form) return fail('invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
    const repeated = [...new Set([...form.keys()].filter((key) => form.getAll(key).length > 1))];
    if (repeated.length) return fail('invalid_request', `parameter sent more than once: ${repeated.join(', ')}`);

    const grantType = form.get('grant_type');
    if (!grantType) return fail('invalid_request', 'grant_type is required');
    if (!['authorization_code', 'refresh_token', 'client_credentials'].includes(grantType)) {
      return fail('unsupported_grant_type', `grant_type "${grantType}" is not supported`);
    }
    const auth = authenticateClient(ctx, request, form);
    if (!auth.ok) return fail(auth.error, auth.description);

    try {
      if (grantType === 'authorization_code') return await redeemCode(ctx, auth.client, form);
      if (grantType === 'refresh_token') return await refresh(ctx, auth.client, form);
      return await clientCredentials(ctx, auth.client, form);
    } catch (error) {
      // A failing trigger fails the request; Cognito reports trigger errors as invalid_request.
      if (error instanceof TriggerError) return fail('invalid_request', error.message);
      throw error;
    }
  };
}

/** `aws_client_metadata`: URL-encoded JSON for the trigger; undefined when absent or not a string map. */
function clientMetadata(form: URLSearchParams): Record<string, string> | undefined | 'invalid' {
  const raw = form.get('aws_client_metadata');
  if (raw === null) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && Object.values(parsed).every((v) => typeof v === 'string')) {
      return parsed as Record<string, string>;
    }
  } catch {
    // falls through
  }
  return 'invalid';
}

async function redeemCode(ctx: ProviderContext, client: ClientRecord, form: URLSearchParams): Promise<Reply> {
  if (!client.flows.includes('code')) return fail('unauthorized_client', 'the client is not allowed the authorization code grant');
  const codeValue = form.get('code');
  const redirectUri = form.get('redirect_uri');
  if (!codeValue) return fail('invalid_request', 'code is required');
  if (!redirectUri) return fail('invalid_request', 'redirect_uri is required');

  const code = ctx.grants.findCode(codeValue);
  if (!code || code.clientId !== client.clientId) return fail('invalid_grant', 'the authorization code is invalid');
  if (code.redeemedAs !== undefined) {
    // A replayed code means it leaked: revoke what the first redemption produced (RFC 6749 §4.1.2).
    ctx.grants.revokeOrigin(code.redeemedAs);
    return fail('invalid_grant', 'the authorization code has already been used');
  }
  if (ctx.now() >= code.expiresAt) return fail('invalid_grant', 'the authorization code has expired');
  if (redirectUri !== code.redirectUri) return fail('invalid_grant', 'redirect_uri does not match the authorization request');
  const verifier = form.get('code_verifier');
  if (code.codeChallenge !== undefined) {
    if (!verifier) return fail('invalid_grant', 'code_verifier is required');
    if (!verifierMatches(verifier, code.codeChallenge)) return fail('invalid_grant', 'code_verifier does not match the code_challenge');
  } else if (verifier) {
    // A verifier without a stored challenge means the challenge was stripped somewhere.
    return fail('invalid_grant', 'no code_challenge was sent with the authorization request');
  }
  const user = ctx.directory.findUser(code.username);
  if (!user?.confirmed) return fail('invalid_grant', 'the user no longer exists');

  const originJti = randomUUID();
  code.redeemedAs = originJti;
  const event: SignInEvent = { username: user.username, clientId: client.clientId, scopes: code.scopes, authTime: code.authTime, eventId: code.eventId };
  const tokens = await mintUserTokens(ctx, { user, client, event, originJti, nonce: code.nonce, idToken: code.scopes.includes('openid'), customization: code.customization });
  const refreshToken = ctx.grants.createRefreshToken(event, originJti, client.refreshTokenValiditySeconds);
  return jsonReply(200, {
    access_token: tokens.accessToken,
    ...(tokens.idToken ? { id_token: tokens.idToken } : {}),
    refresh_token: refreshToken.token,
    token_type: 'Bearer',
    expires_in: tokens.expiresIn,
  }, CORS);
}

async function refresh(ctx: ProviderContext, client: ClientRecord, form: URLSearchParams): Promise<Reply> {
  const token = form.get('refresh_token');
  if (!token) return fail('invalid_request', 'refresh_token is required');
  const grant = ctx.grants.findUsableRefreshToken(token);
  // Another client's token is reported exactly like an unknown one.
  if (!grant || grant.clientId !== client.clientId) return fail('invalid_grant', 'Invalid Refresh Token');
  if (!client.flows.includes('code')) return fail('unauthorized_client', 'the client is not allowed to refresh tokens');
  const user = ctx.directory.findUser(grant.username);
  if (!user?.confirmed) return fail('invalid_grant', 'Invalid Refresh Token');

  const metadata = clientMetadata(form);
  if (metadata === 'invalid') return fail('invalid_request', 'aws_client_metadata must be a JSON object of strings');
  const tokens = await mintRefreshedTokens(ctx, client, user, grant, metadata);
  const rotated = client.rotation ? ctx.grants.rotate(grant, client.retryGracePeriodSeconds) : undefined;
  return jsonReply(200, {
    access_token: tokens.accessToken,
    ...(tokens.idToken ? { id_token: tokens.idToken } : {}),
    ...(rotated ? { refresh_token: rotated.token } : {}),
    token_type: 'Bearer',
    expires_in: tokens.expiresIn,
  }, CORS);
}

async function clientCredentials(ctx: ProviderContext, client: ClientRecord, form: URLSearchParams): Promise<Reply> {
  if (!client.flows.includes('client_credentials') || client.clientSecret === undefined) {
    return fail('unauthorized_client', 'the client is not allowed the client credentials grant');
  }
  const scopes = grantClientScopes(form.get('scope'), client, ctx.directory);
  if (!scopes.ok) return fail('invalid_scope', scopes.description);
  const metadata = clientMetadata(form);
  if (metadata === 'invalid') return fail('invalid_request', 'aws_client_metadata must be a JSON object of strings');
  const customization = await runPreTokenGeneration(ctx, {
    triggerSource: 'TokenGeneration_ClientCredentials',
    client,
    groups: [],
    scopes: scopes.scopes,
    clientMetadata: metadata,
  });
  const tokens = await mintClientToken(ctx, client, scopes.scopes, customization);
  return jsonReply(200, { access_token: tokens.accessToken, token_type: 'Bearer', expires_in: tokens.expiresIn }, CORS);
}
