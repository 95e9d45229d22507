/**
 * A browser on the IdP's hosted-UI pages beyond sign-in (sign-up, confirm, forgot password):
 * keeps the IdP's cookies, submits forms with their hidden fields, never follows a redirect
 * that leaves the IdP.
 */
export class IdpBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly origin: string) {}

  /** GET a hosted-UI page (following the IdP's own redirects); returns its HTML or where it left the IdP. */
  async open(url: string): Promise<Visit> {
    let next = new URL(url, this.origin);
    for (let hops = 0; hops < 5; hops++) {
      const response = await this.send(next.href);
      const visit = await this.visit(response, next);
      if (visit.leftTo || visit.status !== 302) return visit;
      next = new URL(response.headers.get('location')!, next);
    }
    throw new Error('too many redirects inside the IdP');
  }

  /** Submits the page's form at `action` with its hidden fields plus `fields`. */
  async submit(page: string, action: string, fields: Record<string, string>): Promise<Visit> {
    const form = new URLSearchParams();
    const formHtml = page.slice(page.indexOf(`action="${action}"`));
    for (const match of formHtml.slice(0, formHtml.indexOf('</form>')).matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
      form.append(unescape(match[1]!), unescape(match[2]!));
    }
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    const url = new URL(action, this.origin);
    const response = await this.send(url.href, form);
    const visit = await this.visit(response, url);
    return visit.status === 302 && !visit.leftTo ? this.open(new URL(response.headers.get('location')!, url).href) : visit;
  }

  private async visit(response: Response, url: URL): Promise<Visit> {
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const target = new URL(location, url);
      return { status: 302, page: '', leftTo: target.origin === this.origin ? undefined : target };
    }
    return { status: response.status, page: await response.text() };
  }

  private async send(url: string, form?: URLSearchParams): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
    const response = await fetch(url, form ? { method: 'POST', headers, body: form, redirect: 'manual' } : { headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0]!;
      const eq = pair.indexOf('=');
      if (/max-age=0/i.test(line)) this.cookies.delete(pair.slice(0, eq));
      else this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return response;
  }
}

export interface Visit {
  status: number;
  page: string;
  /** Set when the IdP redirected the browser away (to the app's callback). */
  leftTo?: URL;
}

function unescape(value: string): string {
  return value.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}
