import { randomUUID } from 'node:crypto';
import { parseAuthorizeRequest, type AuthorizeRequest } from './authorize-request.js';
import type { ProviderContext } from './context.js';
import { csrfToken, csrfValid } from './csrf.js';
import type { UserRecord } from './directory.js';
import { cookie, htmlReply, redirectReply, withQuery, type ParsedRequest, type Reply } from './http.js';
import { errorPage, type FormPage } from './pages.js';
import { runPreTokenGeneration, type TokenCustomization } from './pre-token-generation.js';
import { SESSION_COOKIE, SESSION_LIFETIME_SECONDS, type HostedUiSession } from './sessions.js';
import { TriggerError } from './trigger-error.js';

/** A hosted-UI page request whose authorize parameters are valid. */
export interface PageRequest {
  authorize: AuthorizeRequest;
  /** Base of the page model: carried parameters and the CSRF token. */
  page: FormPage;
  /** Set-Cookie headers the response must carry (a fresh CSRF cookie). */
  cookies: string[];
  form: URLSearchParams;
}

/**
 * Every hosted-UI page re-validates the carried authorize parameters (from the query on GET,
 * from hidden fields on POST), and every POST must pass the CSRF check.
 */
export function openPage(ctx: ProviderContext, request: ParsedRequest): PageRequest | Reply {
  const post = request.method === 'POST';
  if (post && !request.form) return htmlReply(400, errorPage('The form must be sent as application/x-www-form-urlencoded.'));
  if (post && !csrfValid(request)) return htmlReply(403, errorPage('The form has expired or did not come from this site. Go back, reload the page and try again.'));
  const outcome = parseAuthorizeRequest(ctx, post ? request.form! : request.query);
  if (outcome.kind === 'page') return htmlReply(400, errorPage(outcome.message));
  if (outcome.kind === 'redirect') return redirectReply(outcome.location);
  const csrf = csrfToken(request);
  return {
    authorize: outcome.request,
    page: { params: outcome.request.params, csrf: csrf.token, lang: outcome.request.lang },
    cookies: csrf.setCookie ? [csrf.setCookie] : [],
    form: request.form ?? new URLSearchParams(),
  };
}

export function currentSession(ctx: ProviderContext, request: ParsedRequest): HostedUiSession | undefined {
  const session = ctx.sessions.find(request.cookies[SESSION_COOKIE]);
  const user = session && ctx.directory.findUser(session.username);
  return user?.confirmed ? session : undefined;
}

/**
 * Starts a hosted-UI session for a freshly authenticated user and finishes the flow. The pre
 * token generation trigger runs first (TokenGeneration_HostedAuth): when it fails the user is
 * not signed in, and `showError` renders the page with Cognito's message.
 */
export async function signInAndRedirect(ctx: ProviderContext, authorize: AuthorizeRequest, user: UserRecord, showError: (message: string) => Reply): Promise<Reply> {
  let customization: TokenCustomization | undefined;
  try {
    customization = await hostedAuthCustomization(ctx, authorize, user);
  } catch (error) {
    if (error instanceof TriggerError) return showError(error.message);
    throw error;
  }
  const session = ctx.sessions.create(user.username);
  ctx.log(`${user.username} signed in to ${authorize.client.clientId}`);
  return redirectWithCode(ctx, authorize, session, customization, [cookie(SESSION_COOKIE, session.id, SESSION_LIFETIME_SECONDS)]);
}

/** A silent sign-in from the session cookie; a failing trigger goes back to the client as `invalid_request`. */
export async function resumeSession(ctx: ProviderContext, authorize: AuthorizeRequest, session: HostedUiSession): Promise<Reply> {
  const user = ctx.directory.findUser(session.username);
  if (!user) return redirectReply(withQuery(authorize.redirectUri, { error: 'invalid_request', error_description: 'the user no longer exists', state: authorize.state }));
  try {
    return redirectWithCode(ctx, authorize, session, await hostedAuthCustomization(ctx, authorize, user));
  } catch (error) {
    if (!(error instanceof TriggerError)) throw error;
    return redirectReply(withQuery(authorize.redirectUri, { error: 'invalid_request', error_description: error.message, state: authorize.state }));
  }
}

function hostedAuthCustomization(ctx: ProviderContext, authorize: AuthorizeRequest, user: UserRecord): Promise<TokenCustomization | undefined> {
  return runPreTokenGeneration(ctx, { triggerSource: 'TokenGeneration_HostedAuth', client: authorize.client, user, groups: user.groups, scopes: authorize.scopes });
}

/** 302 back to the client with a fresh authorization code bound to this request. */
function redirectWithCode(ctx: ProviderContext, authorize: AuthorizeRequest, session: HostedUiSession, customization: TokenCustomization | undefined, cookies: string[] = []): Reply {
  const code = ctx.grants.createCode({
    username: session.username,
    clientId: authorize.client.clientId,
    scopes: authorize.scopes,
    authTime: session.authTime,
    eventId: randomUUID(),
    redirectUri: authorize.redirectUri,
    nonce: authorize.nonce,
    codeChallenge: authorize.codeChallenge,
    customization,
  });
  const location = withQuery(authorize.redirectUri, { code: code.code, state: authorize.state });
  return redirectReply(location, cookies.length ? { 'Set-Cookie': cookies } : {});
}

export function pageReply(status: number, html: string, page: PageRequest): Reply {
  return htmlReply(status, html, page.cookies.length ? { 'Set-Cookie': page.cookies } : {});
}
