import { releasedAttributes } from './attributes.js';
import type { ProviderContext } from './context.js';
import { jsonReply, type ParsedRequest, type Reply } from './http.js';
import { verifyOwnAccessToken } from './tokens.js';

const CORS = { 'Access-Control-Allow-Origin': '*' };
const INVALID_TOKEN = 'Access token is expired, disabled, or deleted, or the user has globally signed out.';

/** `GET /oauth2/userInfo`: attributes for an access token with `openid`, verified flags as strings. */
export function userInfoRoute(ctx: ProviderContext) {
  return async (request: ParsedRequest): Promise<Reply> => {
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(request.headers.authorization ?? '');
    if (!match) {
      // Cognito's header has no "Bearer" scheme in front of error=; copied as documented.
      return jsonReply(400, { error: 'invalid_request', error_description: 'Bad OAuth2 request at UserInfo Endpoint' }, {
        ...CORS,
        'WWW-Authenticate': 'error="invalid_request", error_description="Bad OAuth2 request at UserInfo Endpoint"',
      });
    }
    const payload = await verifyOwnAccessToken(ctx, match[1]!);
    const scopes = typeof payload?.scope === 'string' ? payload.scope.split(' ') : [];
    const user = typeof payload?.username === 'string' ? ctx.directory.findUser(payload.username) : undefined;
    if (!payload || !scopes.includes('openid') || !user || user.sub !== payload.sub) {
      return jsonReply(401, { error: 'invalid_token', error_description: INVALID_TOKEN }, {
        ...CORS,
        'WWW-Authenticate': `error="invalid_token", error_description="${INVALID_TOKEN}"`,
      });
    }
    // Attributes are read live, as Cognito does: changes show up before the token is refreshed.
    return jsonReply(200, { sub: user.sub, ...releasedAttributes(user, scopes), username: user.username }, CORS);
  };
}
