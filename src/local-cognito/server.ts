import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authorizeRoute } from './authorize.route.js';
import type { ProviderContext } from './context.js';
import { jwksRoute, openIdConfigurationRoute } from './discovery.route.js';
import { confirmForgotPasswordRoute, forgotPasswordRoute } from './forgot-password.route.js';
import { htmlReply, jsonReply, parseCookies, textReply, type ParsedRequest, type Reply, type Route } from './http.js';
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
  ]);
}

/** Endpoints that a browser app may call cross-origin (Cognito sends `Access-Control-Allow-Origin: *`). */
const CORS_PATHS = new Set(['/oauth2/token', '/oauth2/userinfo', '/oauth2/revoke']);

/**
 * The HTTP front: parses requests, caps bodies, dispatches to routes and turns any
 * surprise into a response instead of a crash.
 */
export class ProviderServer {
  private readonly servers: Server[] = [];
  private readonly routes: Map<string, Partial<Record<string, Route>>>;

  constructor(private readonly ctx: ProviderContext) {
    this.routes = routeTable(ctx);
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

  private handler(req: IncomingMessage, res: ServerResponse): void {
    this.respond(req)
      .catch((error: unknown) => {
        this.ctx.log(`internal error on ${req.method} ${pathOf(req.url)}: ${(error as Error)?.message ?? String(error)}`);
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
    const pool = this.poolRoute(path);
    const methods = pool ? { GET: pool } : this.routes.get(path.toLowerCase());
    if (!methods) return htmlReply(404, errorPage('This page does not exist.'));
    if (method === 'OPTIONS' && (CORS_PATHS.has(path.toLowerCase()) || pool)) return preflight();
    const route = methods[method];
    if (!route) return textReply(405, 'Method Not Allowed', { Allow: Object.keys(methods).join(', ') });

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
      if (contentType === 'application/x-www-form-urlencoded') request.form = new URLSearchParams(body);
    }
    return route(request);
  }

  private poolRoute(path: string): Route | undefined {
    const ctx = this.ctx;
    if (path === `/${ctx.userPoolId}/.well-known/jwks.json`) return jwksRoute(ctx);
    if (path === `/${ctx.userPoolId}/.well-known/openid-configuration`) return openIdConfigurationRoute(ctx);
    return undefined;
  }
}

function preflight(): Reply {
  return {
    status: 204,
    headers: {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type',
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
