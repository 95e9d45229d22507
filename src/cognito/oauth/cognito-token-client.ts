import {
  AccessTokenRejectedError,
  CognitoBadResponseError,
  CognitoRejectedClientError,
  CognitoUnavailableError,
  InvalidRequestError,
  RevocationFailedError,
  TokenRequestRejectedError,
  UnsupportedTokenTypeError,
  type CognitoOAuthError,
} from '../errors/oauth.errors.js';
import type { CognitoEndpoints } from './cognito-endpoints.js';
import { readJsonObject } from './read-json-object.js';

/**
 * What `/oauth2/token` answers (https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html).
 * `id_token` only with the `openid` scope; `refresh_token` only for the code grant, or on rotation.
 */
export interface CognitoTokenSet {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  token_type: string;
  expires_in: number;
}

export interface ClientCredentials {
  clientId: string;
  clientSecret?: string;
}

const MAX_TOKEN_CHARS = 16_384;

// Errors that mean our own configuration is wrong, not the caller's input.
const OUR_FAULT = new Set(['invalid_client', 'unauthorized_client', 'unsupported_grant_type', 'invalid_request']);

/** How the token client reaches Cognito: `fetch` by default; tests and proxies may pass their own. */
export type HttpFetch = (url: string, init: RequestInit) => Promise<Response>;

/**
 * The one place that talks HTTP to Cognito's OAuth endpoints. Confidential clients authenticate
 * with HTTP Basic; public clients send only `client_id` (RFC 6749 §2.3.1, and the token endpoint
 * documentation above).
 */
export class CognitoTokenClient {
  constructor(
    private readonly endpoints: CognitoEndpoints,
    private readonly timeout: number,
    private readonly fetch: HttpFetch = globalThis.fetch,
  ) {}

  async token(params: Record<string, string>, client: ClientCredentials): Promise<CognitoTokenSet> {
    const response = await this.post(this.endpoints.token, params, client);
    const body = await readJsonObject(response);
    if (!response.ok) throw tokenEndpointError(response.status, body);
    if (typeof body?.access_token !== 'string' || body.access_token.length === 0 || typeof body.expires_in !== 'number') {
      throw new CognitoBadResponseError('Cognito token endpoint answered without tokens');
    }
    // What is passed on (to the caller, into the session) has the types Cognito documents, and sizes
    // no real token comes near (Cognito's are a few KB).
    const optionalString = (value: unknown) => value === undefined || (typeof value === 'string' && value.length > 0 && value.length <= MAX_TOKEN_CHARS);
    if (body.access_token.length > MAX_TOKEN_CHARS) throw new CognitoBadResponseError('Cognito token endpoint answered an oversized token');
    if (!optionalString(body.id_token) || !optionalString(body.refresh_token) || typeof body.token_type !== 'string') {
      throw new CognitoBadResponseError('Cognito token endpoint answered tokens of the wrong types');
    }
    return body as unknown as CognitoTokenSet;
  }

  /** Revokes a refresh token and the access tokens issued from it. Cognito answers 200 for unknown tokens too. */
  async revoke(refreshToken: string, client: ClientCredentials): Promise<void> {
    const response = await this.post(this.endpoints.revoke, { token: refreshToken }, client);
    if (response.ok) return;
    const body = await readJsonObject(response);
    if (body?.error === 'unsupported_token_type') {
      throw new UnsupportedTokenTypeError('only refresh tokens can be revoked');
    }
    throw new RevocationFailedError(`Cognito revoke endpoint answered ${response.status} ${String(body?.error ?? '')}`.trim());
  }

  /** Cognito's userInfo, with its `"true"`/`"false"` strings turned into the booleans the id token has. */
  async userInfo(accessToken: string): Promise<Record<string, unknown>> {
    const response = await this.send(this.endpoints.userInfo, { headers: { authorization: `Bearer ${accessToken}` } });
    const body = await readJsonObject(response);
    if (response.status === 401 || response.status === 403) {
      throw new AccessTokenRejectedError('access token is expired, revoked, or lacks the openid scope');
    }
    if (response.status === 400) throw new InvalidRequestError('Cognito refused the userInfo request');
    if (!response.ok || body === undefined) {
      throw new CognitoBadResponseError(`Cognito userInfo endpoint answered ${response.status}`);
    }
    for (const name of ['email_verified', 'phone_number_verified']) {
      if (body[name] === 'true' || body[name] === 'false') body[name] = body[name] === 'true';
    }
    return body;
  }

  private post(url: string, params: Record<string, string>, client: ClientCredentials): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (client.clientSecret) {
      headers.authorization = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;
    }
    const body = new URLSearchParams({ ...params, client_id: client.clientId });
    return this.send(url, { method: 'POST', headers, body });
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(this.timeout) });
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'is unreachable';
      throw new CognitoUnavailableError(`Cognito ${new URL(url).pathname} ${reason}`);
    }
  }
}

function tokenEndpointError(status: number, body: Record<string, unknown> | undefined): CognitoOAuthError {
  const code = typeof body?.error === 'string' ? body.error : undefined;
  if (code === undefined || status >= 500) {
    return new CognitoBadResponseError(`Cognito token endpoint answered ${status}`);
  }
  if (OUR_FAULT.has(code)) {
    return new CognitoRejectedClientError(`Cognito refused this app's token request (${code}); check the client id, secret and allowed flows`);
  }
  const description = typeof body?.error_description === 'string' ? body.error_description.slice(0, 200) : code;
  return new TokenRequestRejectedError(code, description);
}
