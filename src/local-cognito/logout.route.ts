import { parseAuthorizeRequest } from './authorize-request.js';
import type { ProviderContext } from './context.js';
import { clearCookie, htmlReply, redirectReply, type ParsedRequest, type Reply } from './http.js';
import { errorPage } from './pages.js';
import { SESSION_COOKIE } from './sessions.js';

/**
 * `GET /logout`: Cognito's own sign-out, not OIDC RP-initiated logout. Either `logout_uri`
 * (from the sign-out allow-list) or `redirect_uri` + `response_type` (sign in again).
 */
export function logoutRoute(ctx: ProviderContext) {
  return (request: ParsedRequest): Reply => {
    const query = request.query;
    const clientId = query.get('client_id');
    const client = clientId ? ctx.directory.findClient(clientId) : undefined;
    if (!client) return htmlReply(400, errorPage(clientId ? 'The client_id is not known to this user pool.' : 'The client_id parameter is missing.'));
    const logoutUri = query.get('logout_uri');
    const redirectUri = query.get('redirect_uri');
    if ((logoutUri === null) === (redirectUri === null)) return htmlReply(400, errorPage('Send exactly one of logout_uri or redirect_uri.'));

    let location: string;
    if (logoutUri !== null) {
      if (!client.logoutUrls.includes(logoutUri)) return htmlReply(400, errorPage('The logout_uri is not registered for this client.'));
      location = logoutUri;
    } else {
      const outcome = parseAuthorizeRequest(ctx, query);
      if (outcome.kind === 'page') return htmlReply(400, errorPage(outcome.message));
      if (outcome.kind === 'redirect') return redirectReply(outcome.location);
      location = `${ctx.baseUrl}/login?${outcome.request.params.toString()}`;
    }
    const sessionId = request.cookies[SESSION_COOKIE];
    const session = ctx.sessions.find(sessionId);
    ctx.sessions.end(sessionId);
    if (session) ctx.log(`${session.username} signed out`);
    return redirectReply(location, { 'Set-Cookie': clearCookie(SESSION_COOKIE) });
  };
}
