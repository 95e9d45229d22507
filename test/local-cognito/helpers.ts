import { createHash, randomBytes } from 'node:crypto';
import { DEMO_USERS, HostedUiBrowser, LocalCognito, type LocalCognitoOptions } from '../../src/local-cognito/index.js';

export const WEB = { clientId: 'localwebclient', clientSecret: 'localwebclient-secret' };
export const SPA = { clientId: 'localspaclient' };
export const M2M = { clientId: 'localm2mclient', clientSecret: 'localm2mclient-secret' };
export const CALLBACK = 'http://localhost:3000/auth/callback';
export const ALICE = DEMO_USERS.alice;
export const BOB = DEMO_USERS.bob;

/** A started provider with a controllable clock and captured log lines. */
export interface Harness {
  cognito: LocalCognito;
  logs: string[];
  advance(ms: number): void;
}

export async function startHarness(options: LocalCognitoOptions = {}): Promise<Harness> {
  let now = Date.now();
  const logs: string[] = [];
  const cognito = await LocalCognito.start({ now: () => now, logger: (line) => logs.push(line), ...options });
  return { cognito, logs, advance: (ms) => (now += ms) };
}

/** The hidden fields of a page, for assertions (the browser submits them itself). */
export function hiddenFields(html: string): URLSearchParams {
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) form.append(decode(m[1]!), decode(m[2]!));
  return form;
}

export function errorText(html: string): string | undefined {
  const m = /<p class="error"[^>]*>([^<]*)<\/p>/.exec(html);
  return m ? decode(m[1]!) : undefined;
}

function decode(value: string): string {
  return value.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)));
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(cognito: LocalCognito, params: Record<string, string | undefined>): string {
  const url = new URL('/oauth2/authorize', cognito.url);
  const defaults = { client_id: WEB.clientId, response_type: 'code', redirect_uri: CALLBACK };
  for (const [k, v] of Object.entries({ ...defaults, ...params })) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

export function basic(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
}

export async function postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', body: new URLSearchParams(form), headers, redirect: 'manual' });
}

/** POST /oauth2/token; `auth: 'basic'` puts the web client's credentials in the header. */
export async function token(cognito: LocalCognito, form: Record<string, string>, auth?: { clientId: string; clientSecret: string }): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await postForm(`${cognito.url}/oauth2/token`, form, auth ? { authorization: basic(auth.clientId, auth.clientSecret) } : {});
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Full browser sign-in through the hosted UI (or silently, within the session); returns the callback URL. */
export function signIn(browser: HostedUiBrowser, url: string, credentials: { username: string; password: string } = ALICE): Promise<URL> {
  return browser.signIn(url, credentials);
}

/** Code flow with PKCE for the web client; returns the token response body. */
export async function codeFlowTokens(cognito: LocalCognito, params: Record<string, string> = {}, credentials: { username: string; password: string } = ALICE): Promise<Record<string, unknown>> {
  const { verifier, challenge } = pkce();
  const callback = await signIn(new HostedUiBrowser(), authorizeUrl(cognito, { code_challenge: challenge, code_challenge_method: 'S256', ...params }), credentials);
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code: ${callback}`);
  const result = await token(cognito, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier }, WEB);
  if (result.status !== 200) throw new Error(`token failed: ${JSON.stringify(result.body)}`);
  return result.body;
}
