/**
 * Drives the hosted UI over HTTP the way a browser would: follows the provider's own
 * redirects, keeps its cookies, posts the sign-in form. No dependency on the routes.
 */
export async function driveHostedUiSignIn(authorizeUrl: string, credentials: { username: string; password: string }): Promise<string> {
  const providerOrigin = new URL(authorizeUrl).origin;
  const jar = new Map<string, string>();
  let url = authorizeUrl;
  let response = await send(url, jar);
  for (let hops = 0; isRedirect(response); hops++) {
    const next = new URL(response.headers.get('location') ?? '', url);
    // Leaving the provider means the flow finished (code, or error such as login_required).
    if (next.origin !== providerOrigin) return next.toString();
    if (hops >= 5) throw new Error('local-cognito: too many redirects inside the hosted UI');
    url = next.toString();
    response = await send(url, jar);
  }
  const page = await response.text();
  if (response.status !== 200 || !page.includes('action="/login"')) {
    throw new Error(`local-cognito: no sign-in form (HTTP ${response.status}): ${pageMessage(page) ?? 'unexpected page'}`);
  }

  const form = new URLSearchParams();
  for (const match of page.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    form.append(unescapeHtml(match[1]!), unescapeHtml(match[2]!));
  }
  form.set('username', credentials.username);
  form.set('password', credentials.password);
  const result = await send(new URL('/login', providerOrigin).toString(), jar, form);
  if (isRedirect(result)) return new URL(result.headers.get('location') ?? '', providerOrigin).toString();
  throw new Error(`local-cognito: sign-in failed: ${pageMessage(await result.text()) ?? `HTTP ${result.status}`}`);
}

async function send(url: string, jar: Map<string, string>, form?: URLSearchParams): Promise<Response> {
  const headers: Record<string, string> = {};
  if (jar.size) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const response = await fetch(url, form ? { method: 'POST', headers, body: form, redirect: 'manual' } : { headers, redirect: 'manual' });
  for (const line of response.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (/max-age=0/i.test(line)) jar.delete(name);
    else jar.set(name, value);
  }
  return response;
}

function isRedirect(response: Response): boolean {
  return response.status >= 300 && response.status < 400 && response.headers.has('location');
}

/** The error (or notice) paragraph the hosted UI renders. */
function pageMessage(page: string): string | undefined {
  const match = /<p class="(?:error|notice)"[^>]*>([^<]*)<\/p>/.exec(page);
  return match ? unescapeHtml(match[1]!) : undefined;
}

function unescapeHtml(value: string): string {
  return value.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}
