import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { describe, expect, it } from 'vitest';
import { authRequestOf, responseOf, UnsupportedContextError } from '../../src/cognito/bearer/auth-request.js';

function contextOf(type: string, args: unknown[]) {
  const context = new ExecutionContextHost(args);
  context.setType(type);
  return context;
}

describe('authRequestOf: where each transport keeps credentials and claims', () => {
  it('HTTP: the request itself; the response for headers', () => {
    const req = { headers: { authorization: 'Bearer x' } };
    const res = {};
    expect(authRequestOf(contextOf('http', [req, res]))).toBe(req);
    expect(responseOf(contextOf('http', [req, res]))).toBe(res);
  });

  it("GraphQL: the context's req (Apollo on Express) or request (Fastify), and its res or reply", () => {
    const req = { headers: {} };
    expect(authRequestOf(contextOf('graphql', [{}, {}, { req }, {}]))).toBe(req);
    expect(authRequestOf(contextOf('graphql', [{}, {}, { request: req }, {}]))).toBe(req);
    expect(responseOf(contextOf('graphql', [{}, {}, { req, reply: 'r' }, {}]))).toBe('r');
    expect(responseOf(contextOf('graphql', [{}, {}, { req }, {}]))).toBeUndefined();
  });

  it("WebSockets: one view per socket, reading socket.io's auth.token before the handshake header, claims on socket.data.user", () => {
    const socket = { handshake: { headers: { authorization: 'Bearer header-token', cookie: 'a=b' }, auth: { token: 'auth-token' } }, data: {} as { user?: unknown } };
    const view = authRequestOf(contextOf('ws', [socket, {}]));
    expect(view.headers).toEqual({ authorization: 'Bearer auth-token', cookie: 'a=b' });
    expect(authRequestOf(contextOf('ws', [socket, {}]))).toBe(view);
    view.user = { sub: 's' } as never;
    expect(socket.data.user).toEqual({ sub: 's' });
    const headerOnly = { handshake: { headers: { authorization: 'Bearer header-token' } } };
    expect(authRequestOf(contextOf('ws', [headerOnly, {}])).headers.authorization).toBe('Bearer header-token');
    expect(responseOf(contextOf('ws', [socket, {}]))).toBeUndefined();
  });

  it('RPC and anything else: a clear error naming the way to do it, not a TypeError', () => {
    for (const context of [contextOf('rpc', [{}, {}]), contextOf('graphql', [{}, {}, undefined]), contextOf('http', [{}, {}])]) {
      expect(() => authRequestOf(context)).toThrow(UnsupportedContextError);
      expect(() => authRequestOf(context)).toThrow(/CognitoJwtVerifier\.verify\(token\)/);
    }
  });
});
