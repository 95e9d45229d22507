import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { CognitoClientCredentials, CognitoOAuthError, errorResponse } from '../src/cognito/index.js';
import { bootHostedUiApp } from './apps/hosted-ui-app.js';
import { clientOptions, useHostedUiSuite, type HostedUiEnv } from './support/hosted-ui-fixture.js';
import { claimsOf, REDIRECT_URI } from './support/hosted-ui-harness.js';

describe('machine-to-machine tokens (client credentials)', () => {
  const m2mOptions = (env: HostedUiEnv) =>
    clientOptions(env, 'localwebclient', {
      clientId: ['localwebclient', 'localm2mclient'],
      m2m: { clientId: 'localm2mclient', clientSecret: 'localm2mclient-secret' },
    });
  const suite = useHostedUiSuite((env) => ({ app: m2mOptions(env) }));
  const settings = () => m2mOptions(suite);
  let m2m: CognitoClientCredentials;
  beforeAll(() => {
    m2m = suite.apps.app.get(CognitoClientCredentials);
  });

  const tokenRequests = () => suite.proxy.count('POST /oauth2/token');
  const call = (path: string, token: string) => request(suite.apps.app.getHttpServer()).get(path).set('Authorization', `Bearer ${token}`);

  it('gets a token the bearer guard accepts where the scopes allow, and refuses (403) where groups are needed', async () => {
    const token = await m2m.getAccessToken(['demo-api/read']);
    expect(claimsOf(token)).toMatchObject({ client_id: 'localm2mclient', token_use: 'access', scope: 'demo-api/read' });
    expect(claimsOf(token)).not.toHaveProperty('username');
    const reports = await call('/reports', token);
    expect(reports.status, JSON.stringify(reports.body)).toBe(200);
    const admin = await call('/admin', token);
    expect(admin.status).toBe(403);
    expect(admin.body).toMatchObject({ statusCode: 403, error: 'insufficient_scope', reason: 'missing_group' });
    const me = await call('/', token);
    expect(me.status).toBe(200);
    expect(me.body.claims.client_id).toBe('localm2mclient');
  });

  it('a token without the route\'s scope: 403 missing_scope', async () => {
    const token = await m2m.getAccessToken(['demo-api/write']);
    const res = await call('/reports', token);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ statusCode: 403, error: 'insufficient_scope', reason: 'missing_scope' });
  });

  it('caches the token: a second call makes no token request', async () => {
    const first = await m2m.getAccessToken(['demo-api/read', 'demo-api/write']);
    const before = tokenRequests();
    const second = await m2m.getAccessToken(['demo-api/read', 'demo-api/write']);
    expect(second).toBe(first);
    // The same set in another order, or with a duplicate, is the same cache entry.
    expect(await m2m.getAccessToken(['demo-api/write', 'demo-api/read', 'demo-api/write'])).toBe(first);
    expect(tokenRequests()).toBe(before);
  });

  it('concurrent calls share one request', async () => {
    const fresh = await bootHostedUiApp(settings());
    try {
      const client = fresh.get(CognitoClientCredentials);
      const before = tokenRequests();
      const tokens = await Promise.all(Array.from({ length: 10 }, () => client.getAccessToken(['demo-api/read'])));
      expect(new Set(tokens).size).toBe(1);
      expect(tokenRequests()).toBe(before + 1);
    } finally {
      await fresh.close();
    }
  });

  it('different scope sets are cached separately', async () => {
    const fresh = await bootHostedUiApp(settings());
    try {
      const client = fresh.get(CognitoClientCredentials);
      const before = tokenRequests();
      const [read, write, both] = await Promise.all([
        client.getAccessToken(['demo-api/read']),
        client.getAccessToken(['demo-api/write']),
        client.getAccessToken(['demo-api/read', 'demo-api/write']),
      ]);
      expect(tokenRequests()).toBe(before + 3);
      expect(claimsOf(read).scope).toBe('demo-api/read');
      expect(claimsOf(write).scope).toBe('demo-api/write');
      expect(String(claimsOf(both).scope).split(' ').sort()).toEqual(['demo-api/read', 'demo-api/write']);
      expect(await client.getAccessToken(['demo-api/write'])).toBe(write);
      expect(tokenRequests()).toBe(before + 3);
    } finally {
      await fresh.close();
    }
  });

  it('no scopes: all of the client\'s scopes', async () => {
    const token = await m2m.getAccessToken();
    expect(String(claimsOf(token).scope).split(' ').sort()).toEqual(['demo-api/read', 'demo-api/write']);
  });

  it('Cognito down: rejects with a 502 CognitoOAuthError, and the failure is not cached', async () => {
    const fresh = await bootHostedUiApp(settings());
    try {
      const client = fresh.get(CognitoClientCredentials);
      suite.proxy.mode = 'down';
      expect(await rejection(client.getAccessToken(['demo-api/read']))).toMatchObject({ status: 502, code: 'cognito_unavailable' });
      suite.proxy.mode = 'garbage';
      await expect(client.getAccessToken(['demo-api/read'])).rejects.toBeInstanceOf(CognitoOAuthError);
      suite.proxy.mode = 'pass';
      const token = await client.getAccessToken(['demo-api/read']);
      expect((await call('/reports', token)).status).toBe(200);
    } finally {
      await fresh.close();
    }
  });

  it('a wrong m2m secret is our misconfiguration: 502 cognito_rejected_client', async () => {
    const wrong = await bootHostedUiApp({ ...settings(), m2m: { clientId: 'localm2mclient', clientSecret: 'wrong' } });
    try {
      expect(await rejection(wrong.get(CognitoClientCredentials).getAccessToken(['demo-api/read']))).toMatchObject({ status: 502, code: 'cognito_rejected_client' });
    } finally {
      await wrong.close();
    }
  });

  it('an M2M token is refused by an API that does not list the M2M client', async () => {
    const token = await m2m.getAccessToken(['demo-api/read']);
    const webOnly = await bootHostedUiApp({ ...suite.t.idp.settingsFor('localwebclient'), redirectUri: REDIRECT_URI });
    try {
      const res = await request(webOnly.getHttpServer()).get('/reports').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'invalid_token', reason: 'invalid_client_id' });
    } finally {
      await webOnly.close();
    }
  });
});

/** The code of a rejected promise's error and the HTTP status the module answers it with. */
async function rejection(promise: Promise<unknown>): Promise<{ status: number; code: string }> {
  const error = await promise.then(() => undefined, (reason: unknown) => reason);
  expect(error).toBeInstanceOf(CognitoOAuthError);
  return { status: errorResponse(error as CognitoOAuthError).status, code: (error as CognitoOAuthError).code };
}
