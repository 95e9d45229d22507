import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { startHarness, type Harness } from './helpers.js';

/** Raw HTTP, so the test controls exactly what goes on the wire. */
function raw(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('local cognito: robustness', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.cognito.stop());

  it('answers malformed requests with 4xx and keeps running', async () => {
    const port = h.cognito.port;
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const cases: [string, string, Record<string, string>, string | undefined][] = [
      ['GET', '/oauth2/authorize?client_id=%E0%A4%A&redirect_uri=%%%', {}, undefined],
      ['GET', '//evil.example/oauth2/authorize', {}, undefined],
      ['GET', '/oauth2/authorize?client_id=a&client_id=b', {}, undefined],
      ['POST', '/oauth2/token', { ...form, authorization: 'Basic !!!' }, 'grant_type=client_credentials'],
      ['POST', '/oauth2/token', { ...form, authorization: 'Basic bm9jb2xvbg==' }, 'grant_type=client_credentials'],
      ['POST', '/oauth2/token', form, 'grant_type=client_credentials&grant_type=refresh_token'],
      ['POST', '/oauth2/token', form, '%%%&&&=='],
      ['POST', '/oauth2/token', { 'content-type': 'text/plain' }, 'grant_type=client_credentials'],
      ['POST', '/login', { 'content-type': 'application/json' }, '{}'],
      ['POST', '/login', form, 'username=a'],
      ['POST', '/oauth2/revoke', { 'content-type': 'application/json' }, '{}'],
      ['GET', '/oauth2/userInfo', { authorization: 'Bearer a.b.c' }, undefined],
      ['GET', '/oauth2/userInfo', { authorization: 'Bearer ' + 'x'.repeat(5000) }, undefined],
      ['GET', '/logout?client_id=localwebclient&logout_uri=javascript:alert(1)', {}, undefined],
      ['DELETE', '/oauth2/token', {}, undefined],
    ];
    for (const [method, path, headers, body] of cases) {
      const status = await raw(port, method, path, headers, body);
      expect(status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(status, `${method} ${path}`).toBeLessThan(500);
    }
    expect((await fetch(h.cognito.jwksUri)).status).toBe(200);
  });

  it('caps streamed bodies without a Content-Length at 64 KB', async () => {
    const chunk = new TextEncoder().encode('a'.repeat(16 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${h.cognito.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      duplex: 'half',
    } as RequestInit).catch(() => undefined);
    // Either the 413 arrives, or the server closed the socket on the oversized upload.
    if (response) expect(response.status).toBe(413);
    expect((await fetch(h.cognito.jwksUri)).status).toBe(200);
  });

  it('answers CORS preflights for the token endpoint', async () => {
    const response = await fetch(`${h.cognito.url}/oauth2/token`, { method: 'OPTIONS' });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });
});
