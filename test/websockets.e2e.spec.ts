import { Module, UseGuards, type INestApplication } from '@nestjs/common';
import { ConnectedSocket, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Claims, CognitoGuard, CognitoModule, Groups, type CognitoClaims } from '../src/cognito/index.js';
import { bootApp } from './apps/boot-app.js';
import { TestIssuer } from './support/test-issuer.js';

@WebSocketGateway()
@UseGuards(CognitoGuard)
class EventsGateway {
  @SubscribeMessage('whoami')
  whoami(@Claims('username') username: string) {
    return { username };
  }

  @SubscribeMessage('admin')
  @Groups('ops')
  admin() {
    return { ops: true };
  }

  /** The claims stay with the connection, for the gateway's own use. */
  @SubscribeMessage('data')
  data(@ConnectedSocket() socket: { data: { user?: CognitoClaims } }) {
    return { sub: socket.data.user?.sub ?? null };
  }
}

@Module({ providers: [EventsGateway] })
class GatewayModule {}

/** CognitoGuard and @Claims() on socket.io message handlers: the token comes from the handshake. */
describe('WebSockets (socket.io): CognitoGuard on gateways', () => {
  let issuer: TestIssuer;
  let app: INestApplication;
  let url: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await bootApp([CognitoModule.forRoot({ ...issuer.moduleOptions(), isGlobal: true }), GatewayModule], []);
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.stop();
  });

  function connect(options: { token?: string; header?: string } = {}): Promise<Socket> {
    const socket = io(url, {
      transports: ['websocket'],
      reconnection: false,
      ...(options.token === undefined ? {} : { auth: { token: options.token } }),
      ...(options.header === undefined ? {} : { extraHeaders: { Authorization: options.header } }),
    });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  /** Sends a message and resolves with the ack, or with the `exception` event the guard's failure becomes. */
  function send(socket: Socket, event: string): Promise<{ ack?: unknown; exception?: unknown }> {
    return new Promise((resolve) => {
      socket.once('exception', (exception: unknown) => resolve({ exception }));
      socket.emit(event, {}, (ack: unknown) => resolve({ ack }));
    });
  }

  it("a valid token in socket.io's auth: the handler gets the claims", async () => {
    const socket = await connect({ token: await issuer.accessToken() });
    expect(await send(socket, 'whoami')).toEqual({ ack: { username: 'alice' } });
    expect(await send(socket, 'data')).toEqual({ ack: { sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' } });
  });

  it('a valid token in the handshake Authorization header works too', async () => {
    const socket = await connect({ header: `Bearer ${await issuer.accessToken({ username: 'bob' })}` });
    expect(await send(socket, 'whoami')).toEqual({ ack: { username: 'bob' } });
  });

  it.each([
    ['no token', {}, { statusCode: 401, error: 'unauthorized', reason: 'missing_token' }],
    ['a garbage token', { token: 'not.a.token' }, { statusCode: 401, error: 'invalid_token', reason: 'malformed_token' }],
    ['a wrong scheme', { header: 'Basic dXNlcjpwYXNz' }, { statusCode: 401, error: 'invalid_token', reason: 'malformed_token' }],
  ])('%s: an exception event with the same body as HTTP, no ack', async (_name, options, body) => {
    const socket = await connect(options);
    const { ack, exception } = await send(socket, 'whoami');
    expect(ack).toBeUndefined();
    expect(exception).toMatchObject(body);
    expect(typeof (exception as { message: unknown }).message).toBe('string');
  });

  it('an expired token and a missing group: token_expired, then 403 missing_group', async () => {
    const expired = await connect({ token: await issuer.accessToken({ exp: Math.floor(Date.now() / 1000) - 60 }) });
    expect((await send(expired, 'whoami')).exception).toMatchObject({ statusCode: 401, reason: 'token_expired' });
    const alice = await connect({ token: await issuer.accessToken() });
    expect((await send(alice, 'admin')).exception).toMatchObject({ statusCode: 403, error: 'insufficient_scope', reason: 'missing_group' });
  });
});
