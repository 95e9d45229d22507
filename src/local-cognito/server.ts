import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authorizeRoute } from './authorize.route.js';
import { userPoolApiRoute } from './api.route.js';
import type { ProviderContext } from './context.js';
import { jwksRoute, openIdConfigurationRoute } from './discovery.route.js';
import { confirmForgotPasswordRoute, forgotPasswordRoute } from './forgot-password.route.js';
import { basicCredentials, htmlReply, jsonReply, parseCookies, textReply, type ParsedRequest, type Reply, type Route } from './http.js';
import { parseWellKnownPath } from './issuer.js';
import { loginRoute } from './login.route.js';
import { logoutRoute } from './logout.route.js';
import { errorPage } from './pages.js';
import { revokeRoute } from './revoke.route.js';
import { confirmRoute, signupRoute } from './signup.route.js';
import { tokenRoute } from './token.route.js';
import { userInfoRoute } from './userinfo.route.js';

export const MAX_BODY_BYTES = 64 * 1024;

/** Hosted-UI paths are matched case-insensitively (`/oauth2/userInfo` vs `/oauth2/userinfo`). */
function routeTable(ctx: ProviderContext): Map<string, Partial<Record<string, Route>>> {
  const login = loginRoute(ctx);
  const signup = signupRoute(ctx);
  const confirm = confirmRoute(ctx);
  const forgot = forgotPasswordRoute(ctx);
  const confirmForgot = confirmForgotPasswordRoute(ctx);
  return new Map<string, Partial<Record<string, Route>>>([
    ['/oauth2/authorize', { GET: authorizeRoute(ctx) }],
    ['/login', { GET: login, POST: login }],
    ['/signup', { GET: signup, POST: signup }],
    ['/confirm', { GET: confirm, POST: confirm }],
    ['/forgotpassword', { GET: forgot, POST: forgot }],
    ['/confirmforgotpassword', { GET: confirmForgot, POST: confirmForgot }],
    ['/oauth2/token', { POST: tokenRoute(ctx) }],
    ['/oauth2/userinfo', { GET: userInfoRoute(ctx) }],
    ['/oauth2/revoke', { POST: revokeRoute(ctx) }],
    ['/logout', { GET: logoutRoute(ctx) }],
    // The user-pool API (cognito-idp) shares the server: `endpoint: idp.url` in the AWS SDK.
    ['/', { POST: userPoolApiRoute(ctx) }],
  ]);
}

/** Endpoints that a browser app may call cross-origin (Cognito sends `Access-Control-Allow-Origin: *`). */
const CORS_PATHS = new Set(['/oauth2/token', '/oauth2/userinfo', '/oauth2/revoke', '/']);

/**
 * The HTTP front: parses requests, caps bodies, dispatches to routes and turns any
 * surprise into a response instead of a crash.
 */
export class ProviderServer {
  private readonly servers: Server[] = [];
  /** Route tables by pool id; every pool has the same paths. */
  private readonly routes: Map<string, Map<string, Partial<Record<string, Route>>>>;

  /** The first pool answers requests that name no pool (and reports what is missing). */
  constructor(private readonly pools: ProviderContext[]) {
    this.routes = new Map(pools.map((pool) => [pool.userPoolId, routeTable(pool)]));
    this.handler = this.handler.bind(this);
  }

  async listen(host: string, port: number): Promise<number> {
    const primary = await listenOn(this.handler, host, port);
    this.servers.push(primary);
    const bound = (primary.address() as AddressInfo).port;
    // `localhost` may resolve to ::1 first on some systems; answer there too when possible.
    if (host === '127.0.0.1') {
      const secondary = await listenOn(this.handler, '::1', bound).catch(() => undefined);
      if (secondary) this.servers.push(secondary);
    }
    return bound;
  }

  async close(): Promise<void> {
    await Promise.all(
      this.servers.splice(0).map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  }

  private get log(): (line: string) => void {
    return this.pools[0]!.log;
  }

  private handler(req: IncomingMessage, res: ServerResponse): void {
    this.respond(req)
      .catch((error: unknown) => {
        this.log(`internal error on ${req.method} ${pathOf(req.url)}: ${(error as Error)?.message ?? String(error)}`);
        return jsonReply(500, { error: 'server_error', error_description: 'unexpected error in local-cognito' });
      })
      .then((reply) => {
        if (res.headersSent) return;
        res.writeHead(reply.status, reply.headers);
        res.end(reply.body);
        if (reply.headers.Connection === 'close') req.resume();
      })
      .catch(() => res.destroy());
  }

  private async respond(req: IncomingMessage): Promise<Reply> {
    const method = req.method ?? 'GET';
    const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split(/\?(.*)/s, 2);
    const path = rawPath.replace(/\/+$/, '') || '/';
    const wellKnown = parseWellKnownPath(path);
    if (wellKnown) return this.wellKnown(method, wellKnown);

    const methods = this.routes.get(this.pools[0]!.userPoolId)!.get(path.toLowerCase());
    if (!methods) return htmlReply(404, errorPage('This page does not exist.'));
    if (method === 'OPTIONS' && CORS_PATHS.has(path.toLowerCase())) return preflight();
    if (!methods[method]) return textReply(405, 'Method Not Allowed', { Allow: Object.keys(methods).join(', ') });

    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const request: ParsedRequest = {
      method,
      path,
      query: new URLSearchParams(rawQuery),
      headers: req.headers,
      cookies: parseCookies(req.headers.cookie),
      contentType,
    };
    if (method === 'POST') {
      const body = await readBody(req);
      if (body === undefined) return jsonReply(413, { error: 'invalid_request', error_description: `request body larger than ${MAX_BODY_BYTES} bytes` }, { Connection: 'close' });
      request.body = body;
      if (contentType === 'application/x-www-form-urlencoded') request.form = new URLSearchParams(body);
    }
    const pool = this.poolFor(request);
    return this.routes.get(pool.userPoolId)!.get(path.toLowerCase())![method]!(request);
  }

  private wellKnown(method: string, target: NonNullable<ReturnType<typeof parseWellKnownPath>>): Reply {
    const pool = this.pools.find((p) => p.userPoolId === target.userPoolId);
    if (!pool) return jsonReply(404, { message: `User pool ${target.userPoolId} does not exist.` });
    if (method === 'OPTIONS') return preflight();
    if (method !== 'GET' && method !== 'HEAD') return textReply(405, 'Method Not Allowed', { Allow: 'GET' });
    return target.document === 'jwks.json' ? jwksRoute(pool)() : openIdConfigurationRoute(pool, target.format)();
  }

  /**
   * Pools share one domain, so a request names its pool through what it carries: a client id
   * (query, form, Basic credentials, API body) or a token signed by one of the pool's keys.
   */
  private poolFor(request: ParsedRequest): ProviderContext {
    if (this.pools.length === 1) return this.pools[0]!;
    const byClient = (clientId: unknown) => (typeof clientId === 'string' ? this.pools.find((p) => p.directory.findClient(clientId)) : undefined);
    const byToken = (token: unknown) => (typeof token === 'string' ? this.pools.find((p) => tokenKid(token) !== undefined && p.keys.findKey(tokenKid(token)!, 'access')) : undefined);
    const api = request.path === '/' ? apiBody(request.body) : undefined;
    return (
      byClient(request.query.get('client_id')) ??
      byClient(request.form?.get('client_id')) ??
      byClient(basicCredentials(request.headers.authorization)?.clientId) ??
      byToken(/^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1]) ??
      byClient(api?.ClientId) ??
      byToken(api?.AccessToken) ??
      this.pools[0]!
    );
  }
}

function apiBody(body: string | undefined): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body ?? '');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function tokenKid(token: string): string | undefined {
  try {
    const header: unknown = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'));
    const kid = (header as { kid?: unknown })?.kid;
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
}

function preflight(): Reply {
  return {
    status: 204,
    headers: {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-Amz-Target, X-Amz-User-Agent, X-Amz-Date, X-Amz-Security-Token, Amz-Sdk-Invocation-Id, Amz-Sdk-Request, Cache-Control',
      'Access-Control-Max-Age': '600',
    },
    body: '',
  };
}

/** The body as text, or undefined once it passes the cap. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        done = true;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function listenOn(handler: (req: IncomingMessage, res: ServerResponse) => void, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer({ maxHeaderSize: 16 * 1024 }, handler);
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

function pathOf(url: string | undefined): string {
  return (url ?? '/').split('?')[0] ?? '/';
}
