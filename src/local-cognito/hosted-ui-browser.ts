/**
 * A cookie-keeping HTTP client for hosted-UI pages, for tests and scripts: it follows the
 * identity provider's own redirects, never one that leaves it (that is where the flow ends,
 * e.g. the app's callback with `?code=`), and submits a page's form with its hidden fields.
 *
 * ```ts
 * const browser = new HostedUiBrowser();
 * const login = await browser.open(authorizeUrl);          // follows to /login
 * const done = await browser.submit(login, '/login', { username: 'alice', password: '...' });
 * done.leftTo?.searchParams.get('code');                    // the app's callback
 * ```
 */
export class HostedUiBrowser {
  private readonly jar = new Map<string, string>();
  private idpOrigin?: string;

  /**
   * `origin`: the identity provider's origin; by default the origin of the first URL opened or
   * submitted to. Give it when a flow starts at your app (e.g. `open(appUrl + '/auth/sign-in')`):
   * the browser then follows the app's redirect to the provider and stops when it leaves again.
   */
  constructor(origin?: string) {
    this.idpOrigin = origin === undefined ? undefined : new URL(origin).origin;
  }

  /** The identity provider's origin, once known. */
  get origin(): string | undefined {
    return this.idpOrigin;
  }

  /** Cookies kept so far, by name (values as sent back, still URL-encoded). */
  get cookies(): ReadonlyMap<string, string> {
    return this.jar;
  }

  cookie(name: string): string | undefined {
    return this.jar.get(name);
  }

  setCookie(name: string, value: string): void {
    this.jar.set(name, value);
  }

  deleteCookie(name: string): void {
    this.jar.delete(name);
  }

  /**
   * Keeps the cookies of a response obtained another way (e.g. supertest's `res.headers['set-cookie']`);
   * an empty value or `Max-Age=0` deletes.
   */
  takeCookies(setCookie: string[] | string | undefined): this {
    for (const line of setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie]) this.keep(line);
    return this;
  }

  /** The `Cookie` header this browser sends ('' when it has none). */
  cookieHeader(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** One GET, no redirect followed; cookies are sent and kept. */
  get(url: string): Promise<Response> {
    return this.send(url);
  }

  /** One form POST (`application/x-www-form-urlencoded`), no redirect followed. */
  post(url: string, fields: Record<string, string> | URLSearchParams): Promise<Response> {
    return this.send(url, fields instanceof URLSearchParams ? fields : new URLSearchParams(fields));
  }

  /**
   * GETs `url` and follows the provider's redirects until a page, or a redirect that leaves
   * the provider (returned in `leftTo`, not followed).
   */
  async open(url: string): Promise<HostedUiPage> {
    const target = new URL(url, this.idpOrigin);
    this.idpOrigin ??= target.origin;
    return this.follow(target, await this.send(target.href));
  }

  /**
   * Submits the page's form: its hidden fields (CSRF token, carried authorize parameters) plus
   * `fields`, to `action` (default: the page's first form), then follows like `open`.
   * `page` may be a `HostedUiPage` or the HTML of one.
   */
  async submit(page: HostedUiPage | string, action: string | undefined, fields: Record<string, string>): Promise<HostedUiPage> {
    const html = typeof page === 'string' ? page : page.html;
    const base = typeof page === 'string' ? this.idpOrigin : page.url.href;
    const form = findForm(html, action);
    if (!form) throw new Error(`local-cognito: no form${action ? ` posting to ${action}` : ''} on the page`);
    const body = form.hidden;
    for (const [name, value] of Object.entries(fields)) body.set(name, value);
    const target = new URL(form.action, base);
    this.idpOrigin ??= target.origin;
    return this.follow(target, await this.send(target.href, body));
  }

  /**
   * The whole hosted-UI sign-in: opens `authorizeUrl`, posts the sign-in form and returns where
   * the provider sent the browser (the callback with `code` and `state`, or with `error`).
   * Throws with the page's message when sign-in fails (e.g. "Incorrect username or password.").
   */
  async signIn(authorizeUrl: string, credentials: { username: string; password: string }): Promise<URL> {
    const start = await this.open(authorizeUrl);
    if (start.leftTo) return start.leftTo;
    if (start.status !== 200 || !findForm(start.html, '/login')) {
      throw new Error(`local-cognito: no sign-in form (HTTP ${start.status}): ${start.message ?? 'unexpected page'}`);
    }
    const done = await this.submit(start, '/login', credentials);
    if (done.leftTo) return done.leftTo;
    throw new Error(`local-cognito: sign-in failed: ${done.message ?? `HTTP ${done.status}`}`);
  }

  private async follow(url: URL, response: Response): Promise<HostedUiPage> {
    for (let hops = 0; ; hops++) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        const html = await response.text();
        return { url, status: response.status, html, message: pageMessage(html) };
      }
      const next = new URL(location, url);
      if (next.origin !== this.idpOrigin) {
        await response.body?.cancel();
        return { url, status: response.status, html: '', leftTo: next };
      }
      if (hops >= 10) throw new Error('local-cognito: too many redirects inside the hosted UI');
      url = next;
      response = await this.send(url.href);
    }
  }

  private async send(url: string, form?: URLSearchParams): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.jar.size) headers.cookie = this.cookieHeader();
    const response = await fetch(url, form ? { method: 'POST', headers, body: form, redirect: 'manual' } : { headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) this.keep(line);
    return response;
  }

  private keep(setCookie: string): void {
    const [pair = '', ...attributes] = setCookie.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (value === '' || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))) this.jar.delete(name);
    else this.jar.set(name, value);
  }
}

/** Where `open` or `submit` stopped. */
export interface HostedUiPage {
  /** The last URL requested on the provider. */
  url: URL;
  /** 200 for a page, 4xx for an error page; the redirect status when the browser left. */
  status: number;
  /** The page's HTML; '' when the browser left the provider. */
  html: string;
  /** Set when the provider redirected the browser away (the app's callback, a logout URI). */
  leftTo?: URL;
  /** The page's error or notice text, e.g. "Incorrect username or password.". */
  message?: string;
}

function findForm(html: string, action: string | undefined): { action: string; hidden: URLSearchParams } | undefined {
  for (const match of html.matchAll(/<form\b[^>]*\baction="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)) {
    const formAction = unescapeHtml(match[1]!);
    if (action !== undefined && formAction.split('?')[0]!.toLowerCase() !== action.split('?')[0]!.toLowerCase()) continue;
    const hidden = new URLSearchParams();
    for (const input of match[2]!.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) hidden.append(unescapeHtml(input[1]!), unescapeHtml(input[2]!));
    return { action: formAction, hidden };
  }
  return undefined;
}

function pageMessage(html: string): string | undefined {
  const match = /<p class="(?:error|notice)"[^>]*>([^<]*)<\/p>/.exec(html);
  return match ? unescapeHtml(match[1]!) : undefined;
}

/** The hosted UI escapes with numeric character references only. */
function unescapeHtml(value: string): string {
  return value.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}
