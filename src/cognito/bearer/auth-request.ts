import type { ExecutionContext } from '@nestjs/common';
import type { CognitoClaims } from '../jwt/cognito-claims.interface.js';

/**
 * What the guard reads credentials from and puts the claims on, whatever the transport: an HTTP
 * request, the request of a GraphQL operation, or a view of a WebSocket client's handshake.
 */
export interface AuthRequest {
  headers: { authorization?: string | string[] | undefined; cookie?: string | undefined; accept?: string | undefined };
  /** Node's headers as received (Express), to see repeated ones. */
  rawHeaders?: readonly string[] | undefined;
  /** The Node request under a Fastify request. */
  raw?: { rawHeaders?: readonly string[] | undefined } | undefined;
  user?: CognitoClaims | undefined;
}

/** The request's headers as received, where the platform keeps them. */
export function rawHeadersOf(req: Pick<AuthRequest, 'rawHeaders' | 'raw'>): readonly string[] | undefined {
  return req.rawHeaders ?? req.raw?.rawHeaders;
}

/** The parts of a socket.io client the guard uses. */
interface SocketClient {
  handshake?: { headers?: AuthRequest['headers']; auth?: { token?: unknown } };
  data?: { user?: CognitoClaims };
}

// One view per socket, so the claims stay with the connection (on `socket.data.user`).
const socketViews = new WeakMap<object, AuthRequest>();
// The requests a CognitoGuard has looked at: @Claims() on any other route is a mistake to report.
const guarded = new WeakSet<object>();

function socketView(client: SocketClient): AuthRequest {
  let view = socketViews.get(client);
  if (view === undefined) {
    const handshake = client.handshake ?? {};
    const token = handshake.auth?.token;
    // socket.io clients send `auth: { token }`; others an Authorization header on the upgrade request.
    const authorization = typeof token === 'string' && token.length > 0 ? `Bearer ${token}` : handshake.headers?.authorization;
    const data = (client.data ??= {});
    view = {
      headers: { authorization, cookie: handshake.headers?.cookie },
      get user() {
        return data.user;
      },
      set user(claims) {
        data.user = claims;
      },
    };
    socketViews.set(client, view);
  }
  return view;
}

/** The GraphQL context's request: Apollo on Express gives `req`, on Fastify `request`. */
function graphqlRequest(context: ExecutionContext): AuthRequest | undefined {
  const gqlContext = context.getArgByIndex<{ req?: AuthRequest; request?: AuthRequest } | undefined>(2);
  return gqlContext?.req ?? gqlContext?.request;
}

/** Thrown for a transport the guard cannot read credentials from. */
export class UnsupportedContextError extends Error {
  constructor(type: string) {
    super(
      `CognitoGuard cannot read a token in a "${type}" context. It supports HTTP, GraphQL and WebSocket (socket.io) handlers; ` +
        'for other transports, verify the token with CognitoJwtVerifier.verify(token), or extend CognitoGuard and override getRequest().',
    );
    this.name = 'UnsupportedContextError';
  }
}

/** Where a built-in context's credentials and claims are. */
export function authRequestOf(context: ExecutionContext): AuthRequest {
  const type = context.getType<string>();
  const req = type === 'http' ? context.switchToHttp().getRequest<AuthRequest>() : type === 'graphql' ? graphqlRequest(context) : type === 'ws' ? socketView(context.switchToWs().getClient<SocketClient>()) : undefined;
  if (req === undefined || typeof req.headers !== 'object' || req.headers === null) throw new UnsupportedContextError(type);
  return req;
}

/** The HTTP response of a context, where there is one to write headers and cookies to. */
export function responseOf(context: ExecutionContext): unknown {
  const type = context.getType<string>();
  if (type === 'http') return context.switchToHttp().getResponse<unknown>();
  if (type === 'graphql') {
    const gqlContext = context.getArgByIndex<{ res?: unknown; reply?: unknown } | undefined>(2);
    return gqlContext?.res ?? gqlContext?.reply;
  }
  return undefined;
}

export function markGuarded(req: AuthRequest): void {
  guarded.add(req);
}

export function wasGuarded(req: AuthRequest): boolean {
  return guarded.has(req);
}
