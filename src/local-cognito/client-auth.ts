import type { ProviderContext } from './context.js';
import { sameSecret, type ClientRecord } from './directory.js';
import { basicCredentials, type ParsedRequest } from './http.js';

export type ClientAuthResult = { ok: true; client: ClientRecord } | { ok: false; error: 'invalid_client' | 'invalid_request'; description: string };

/**
 * `client_secret_basic`, `client_secret_post`, or a bare `client_id` for a public client.
 * A client that has a secret must always prove it.
 */
export function authenticateClient(ctx: ProviderContext, request: ParsedRequest, form: URLSearchParams): ClientAuthResult {
  const authorization = request.headers.authorization;
  const basic = basicCredentials(authorization);
  if (authorization !== undefined && !basic) return { ok: false, error: 'invalid_client', description: 'malformed Authorization header' };
  const bodyId = form.get('client_id');
  const bodySecret = form.get('client_secret');
  if (basic && bodySecret !== null) return { ok: false, error: 'invalid_request', description: 'use only one client authentication method' };
  if (basic && bodyId !== null && bodyId !== basic.clientId) return { ok: false, error: 'invalid_client', description: 'client_id does not match the Authorization header' };

  const clientId = basic?.clientId ?? bodyId;
  const secret = basic?.clientSecret ?? bodySecret ?? undefined;
  if (!clientId) return { ok: false, error: 'invalid_client', description: 'client authentication is required' };
  const client = ctx.directory.findClient(clientId);
  if (!client) return { ok: false, error: 'invalid_client', description: 'client authentication failed' };
  if (client.clientSecret === undefined) {
    return secret ? { ok: false, error: 'invalid_client', description: 'this client has no secret' } : { ok: true, client };
  }
  if (secret === undefined || !sameSecret(client.clientSecret, secret)) return { ok: false, error: 'invalid_client', description: 'client authentication failed' };
  return { ok: true, client };
}
