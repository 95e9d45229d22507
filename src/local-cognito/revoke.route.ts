import { authenticateClient } from './client-auth.js';
import type { ProviderContext } from './context.js';
import { oauthErrorReply, type ParsedRequest, type Reply } from './http.js';

/** `POST /oauth2/revoke`: ends a refresh token and every access token issued from it. */
export function revokeRoute(ctx: ProviderContext) {
  return (request: ParsedRequest): Reply => {
    const form = request.form;
    if (!form) return oauthErrorReply(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
    const auth = authenticateClient(ctx, request, form);
    if (!auth.ok) return oauthErrorReply(auth.error === 'invalid_client' ? 401 : 400, auth.error, auth.description);
    const token = form.get('token');
    if (!token) return oauthErrorReply(400, 'invalid_request', 'token is required');
    if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) {
      return oauthErrorReply(400, 'unsupported_token_type', 'only refresh tokens can be revoked');
    }
    const grant = ctx.grants.findRefreshToken(token);
    if (grant && grant.clientId !== auth.client.clientId) {
      return oauthErrorReply(400, 'invalid_request', 'the token was not issued to this client');
    }
    if (grant) {
      ctx.grants.revokeOrigin(grant.originJti);
      ctx.log(`refresh token of ${grant.username} revoked by ${grant.clientId}`);
    }
    // Unknown and already revoked tokens get the same answer as a successful revocation.
    return { status: 200, headers: { 'Cache-Control': 'no-store' }, body: '' };
  };
}
