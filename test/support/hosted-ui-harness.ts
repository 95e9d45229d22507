import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { expect } from 'vitest';
import { DEFAULT_POOL, DEMO_USERS, HostedUiBrowser, LocalCognito, type LocalPoolConfig } from '../../src/local-cognito/index.js';

/** Where the app under test pretends to live; registered on the IdP's clients, never dialled. */
export const APP_ORIGIN = 'http://localhost:3999';
export const REDIRECT_URI = `${APP_ORIGIN}/auth/callback`;
export const LOGOUT_URI = `${APP_ORIGIN}/`;

export const { alice: ALICE, bob: BOB } = DEMO_USERS;

/** Who signs in at the hosted UI. */
export interface Credentials {
  username: string;
  password: string;
}

/** The default pool plus `rotatingclient`, whose refresh tokens rotate on every refresh. */
export const POOL_WITH_ROTATION: LocalPoolConfig = {
  ...DEFAULT_POOL,
  clients: [
    ...DEFAULT_POOL.clients,
    {
      clientId: 'rotatingclient',
      clientSecret: 'rotatingclient-secret',
      callbackUrls: [REDIRECT_URI],
      logoutUrls: [LOGOUT_URI],
      allowedOAuthFlows: ['code'],
      allowedOAuthScopes: ['openid', 'email', 'profile'],
      refreshTokenRotation: true,
    },
  ],
};

/** The IdP's clock: tests move it to expire codes, or set it back to mint nearly-expired tokens. */
export class TestClock {
  offsetMs = 0;
  readonly now = (): number => Date.now() + this.offsetMs;
}

export interface TestIdp {
  idp: LocalCognito;
  clock: TestClock;
  /** Everything the IdP logged (confirmation codes, sign-ins). */
  log: string[];
}

/** A local Cognito whose code-flow clients accept this app's callback and sign-out URLs. */
export async function startIdp(options: { pool?: LocalPoolConfig; clients?: string[] } = {}): Promise<TestIdp> {
  const clock = new TestClock();
  const log: string[] = [];
  const idp = await LocalCognito.start({ port: 0, pool: options.pool, now: clock.now, logger: (line) => log.push(line) });
  for (const clientId of options.clients ?? ['localwebclient', 'localspaclient']) {
    idp.addClientUrls(clientId, { callbackUrls: [REDIRECT_URI], logoutUrls: [LOGOUT_URI] });
  }
  return { idp, clock, log };
}

export interface StartedSignIn {
  jar: HostedUiBrowser;
  /** The hosted-UI URL our sign-in route redirected to. */
  location: URL;
  state: string;
  setCookie: string[];
}

/** `GET /auth/sign-in` (or another hosted-UI route): must be a 302; keeps the state cookie. */
export async function startSignIn(app: INestApplication, query: Record<string, string> = {}, path = '/auth/sign-in'): Promise<StartedSignIn> {
  const res = await request(app.getHttpServer()).get(path).query(query);
  expect(res.status, JSON.stringify(res.body)).toBe(302);
  const setCookie = setCookies(res);
  const jar = new HostedUiBrowser().takeCookies(setCookie);
  const location = new URL(res.headers.location as string);
  return { jar, location, state: location.searchParams.get('state') ?? '', setCookie };
}

/** Drives the IdP's hosted UI from a location our app produced; the IdP is asked directly even when the app goes through a proxy. */
export async function passHostedUi(idp: LocalCognito, location: URL, user: Credentials = ALICE): Promise<URL> {
  const direct = new URL(location.pathname + location.search, idp.url);
  return new URL(await idp.signInThroughHostedUi(direct.href, user));
}

export interface CompletedHostedUi extends StartedSignIn {
  /** Where the IdP sent the browser back: our callback with `code` and `state`. */
  callback: URL;
}

export async function signInAtIdp(app: INestApplication, idp: LocalCognito, user: Credentials = ALICE, query: Record<string, string> = {}): Promise<CompletedHostedUi> {
  const started = await startSignIn(app, query);
  const callback = await passHostedUi(idp, started.location, user);
  return { ...started, callback };
}

export function getCallback(app: INestApplication, callback: URL | string, jar?: HostedUiBrowser) {
  const search = typeof callback === 'string' ? callback : callback.search;
  const req = request(app.getHttpServer()).get(`/auth/callback${search}`);
  return jar && [...jar.cookies.keys()].length ? req.set('Cookie', jar.cookieHeader()) : req;
}

/** A whole sign-in in JSON mode: the callback's token response. */
export async function signInForTokens(app: INestApplication, idp: LocalCognito, user: Credentials = ALICE) {
  const { callback, jar } = await signInAtIdp(app, idp, user);
  const res = await getCallback(app, callback, jar);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { access_token: string; id_token: string; refresh_token: string; expires_in: number; token_type: string };
}

/** The module's error shape, exactly: `{ statusCode, error, message }` with the given status and code. */
export function expectOAuthError(res: request.Response, status: number, error: string, message?: RegExp): void {
  expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { statusCode: status, error } });
  expect(Object.keys(res.body).sort()).toEqual(['error', 'message', 'statusCode']);
  expect(typeof res.body.message).toBe('string');
  if (message) expect(res.body.message).toMatch(message);
}

export function setCookies(res: request.Response): string[] {
  const value = res.headers['set-cookie'] as unknown;
  return value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
}

/** The Set-Cookie line for `name`, if the response has one. */
export function cookieLine(res: request.Response, name: string): string | undefined {
  return setCookies(res).find((line) => line.startsWith(`${name}=`));
}

/** Attributes of a Set-Cookie line, lower-cased names: `{ httponly: '', path: '/x', ... }`. */
export function cookieAttributes(line: string): Record<string, string> {
  const [, ...attributes] = line.split(';');
  return Object.fromEntries(attributes.map((a) => {
    const eq = a.indexOf('=');
    return eq < 0 ? [a.trim().toLowerCase(), ''] : [a.slice(0, eq).trim().toLowerCase(), a.slice(eq + 1).trim()];
  }));
}

/** The JWT payload, unverified: for asserting what the IdP put in. */
export function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}
