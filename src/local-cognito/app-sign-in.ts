import { CSRF_COOKIE } from './csrf.js';
import { HostedUiBrowser } from './hosted-ui-browser.js';
import { SESSION_COOKIE } from './sessions.js';

// The hosted UI's own cookies (its session and CSRF token) stay with the provider.
const PROVIDER_COOKIES = new Set([SESSION_COOKIE, CSRF_COOKIE]);

/** How a sign-in through an app under test ended: the app's answer to its own callback. */
export interface AppSignIn {
  /** The callback's status: 200 with tokens (JSON mode), 302 with a session cookie (session mode). */
  status: number;
  /** The callback's JSON body, when it answered tokens. */
  tokens?: { access_token: string; id_token?: string; refresh_token?: string; expires_in: number; token_type: string };
  /** The app's cookies after the callback, as a `Cookie` header (the session, in session mode). */
  cookie: string;
  /** Where the callback sent the browser, when it redirected. */
  location?: string;
}

export interface AppSignInOptions {
  /** The app's sign-in route. Default `/auth/sign-in`. */
  signInPath?: string;
  /** Query parameters for the sign-in route, e.g. `{ returnTo: '/orders' }`. */
  query?: Record<string, string>;
}

/**
 * Signs a user in through an app under test as a browser would: the app's sign-in route (which
 * sets its state cookie and redirects to the provider), the hosted UI's form, and the app's
 * callback with the app's cookies. The app must have registered its callback URL with the
 * provider (`settingsFor(clientId, { redirectUri })` does).
 */
export async function signInThroughApp(idpUrl: string, appUrl: string, credentials: { username: string; password: string }, options: AppSignInOptions = {}): Promise<AppSignIn> {
  const browser = new HostedUiBrowser(idpUrl);
  const start = new URL(options.signInPath ?? '/auth/sign-in', appUrl);
  for (const [name, value] of Object.entries(options.query ?? {})) start.searchParams.set(name, value);
  const callback = await browser.signIn(start.href, credentials);
  if (new URL(callback).origin !== new URL(appUrl).origin) throw new Error(`local-cognito: the provider sent the browser to ${callback.origin}, not to the app`);
  const response = await browser.get(callback.href);
  // One jar holds both sides' cookies; the app's are all but the provider's own.
  const cookie = [...browser.cookies]
    .filter(([name]) => !PROVIDER_COOKIES.has(name))
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
  const location = response.headers.get('location') ?? undefined;
  const body = (response.headers.get('content-type') ?? '').includes('application/json') ? ((await response.json()) as AppSignIn['tokens']) : undefined;
  if (body === undefined) await response.body?.cancel();
  return { status: response.status, ...(body?.access_token ? { tokens: body } : {}), cookie, ...(location ? { location } : {}) };
}
