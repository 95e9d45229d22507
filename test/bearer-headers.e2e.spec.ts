import type { INestApplication } from '@nestjs/common';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoModule } from '../src/cognito/index.js';
import { bootBearerApp } from './apps/bearer-app.js';
import { TestIssuer } from './support/test-issuer.js';

/** Sends a request exactly as written (repeated headers included) and returns the status and body. */
function rawRequest(app: INestApplication, lines: string[]): Promise<{ status: number; body: string }> {
  const { port } = app.getHttpServer().address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(`${lines.join('\r\n')}\r\nConnection: close\r\n\r\n`));
    let answer = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    socket.on('error', reject).on('close', () => {
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body });
    });
  });
}

/** Headers a proxy and the app could read differently are refused, never resolved one way. */
describe('ambiguous Authorization headers', () => {
  let issuer: TestIssuer;
  let app: INestApplication;
  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await bootBearerApp([CognitoModule.forRoot(issuer.moduleOptions())]);
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.stop();
  });

  it('one valid Authorization header: 200', async () => {
    const token = await issuer.accessToken();
    const res = await rawRequest(app, ['GET /username HTTP/1.1', 'Host: 127.0.0.1', `Authorization: Bearer ${token}`]);
    expect(res.status).toBe(200);
  });

  it('two Authorization headers, even both valid: 401 malformed_token', async () => {
    const token = await issuer.accessToken();
    const other = await issuer.accessToken({ username: 'bob' });
    for (const [first, second] of [[token, other], [token, token], [token, 'garbage']]) {
      const res = await rawRequest(app, ['GET /username HTTP/1.1', 'Host: 127.0.0.1', `Authorization: Bearer ${first}`, `authorization: Bearer ${second}`]);
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body)).toMatchObject({ error: 'invalid_token', reason: 'malformed_token', message: 'more than one Authorization header' });
    }
  });
});
