import { parseAuthorizeRequest } from './authorize-request.js';
import type { ProviderContext } from './context.js';
import { currentSession, resumeSession } from './hosted-ui.js';
import { htmlReply, redirectReply, withQuery, type ParsedRequest, type Reply } from './http.js';
import { errorPage } from './pages.js';

/** `GET /oauth2/authorize`: validate, then resume the session or send the browser to `/login`. */
export function authorizeRoute(ctx: ProviderContext) {
  return async (request: ParsedRequest): Promise<Reply> => {
    const outcome = parseAuthorizeRequest(ctx, request.query);
    if (outcome.kind === 'page') return htmlReply(400, errorPage(outcome.message));
    if (outcome.kind === 'redirect') return redirectReply(outcome.location);
    const authorize = outcome.request;

    const session = authorize.prompt.has('login') ? undefined : currentSession(ctx, request);
    if (session) return resumeSession(ctx, authorize, session);
    if (authorize.prompt.has('none')) {
      return redirectReply(withQuery(authorize.redirectUri, { error: 'login_required', error_description: 'the user is not signed in', state: authorize.state }));
    }
    return redirectReply(`${ctx.baseUrl}/login?${authorize.params.toString()}`);
  };
}
