import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { TestIssuer } from './support/test-issuer.js';
import { bootWithOptions } from './apps/bearer-app.js';

describe('bearer verification (forRoot)', () => {
  let issuer: TestIssuer;
  let app: INestApplication;
  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await bootWithOptions(issuer.moduleOptions());
  });
  afterAll(async () => {
    await app.close();
    await issuer.stop();
  });

  it('serves public routes without a token', async () => {
    await request(app.getHttpServer()).get('/public').expect(200, { ok: true });
  });

  it('injects verified claims', async () => {
    const token = await issuer.accessToken();
    const res = await request(app.getHttpServer()).get('/').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body.claims.username).toBe('alice');
    expect(res.body.claims.token_use).toBe('access');
    const one = await request(app.getHttpServer()).get('/username').set('Authorization', `bearer ${token}`).expect(200);
    expect(one.body).toEqual({ username: 'alice' });
  });

  it('rejects a missing token with 401', async () => {
    const res = await request(app.getHttpServer()).get('/').expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="cognito"');
    expect(res.body.reason).toBe('missing_token');
  });

  it('rejects an expired token', async () => {
    const token = await issuer.accessToken({ exp: Math.floor(Date.now() / 1000) - 10 });
    const res = await request(app.getHttpServer()).get('/').set('Authorization', `Bearer ${token}`).expect(401);
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(res.body).toMatchObject({ error: 'invalid_token', reason: 'token_expired' });
    expect(JSON.stringify(res.body)).not.toContain(token);
  });

  it('enforces groups and scopes with 403', async () => {
    const bob = await issuer.accessToken({ 'cognito:groups': undefined, username: 'bob', scope: 'openid' });
    const res = await request(app.getHttpServer()).get('/admin').set('Authorization', `Bearer ${bob}`).expect(403);
    expect(res.headers['www-authenticate']).toContain('error="insufficient_scope"');
    expect(res.body.reason).toBe('missing_group');
    await request(app.getHttpServer()).get('/orders').set('Authorization', `Bearer ${bob}`).expect(403);
    const alice = await issuer.accessToken();
    await request(app.getHttpServer()).get('/admin').set('Authorization', `Bearer ${alice}`).expect(200);
    await request(app.getHttpServer()).get('/orders').set('Authorization', `Bearer ${alice}`).expect(200);
  });
});
