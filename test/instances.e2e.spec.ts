import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoClientCredentials, CognitoRevocation, type CognitoModuleOptions } from '../src/cognito/index.js';
import { HostedUiBrowser } from '../src/local-cognito/index.js';
import { bootHostedUiApp } from './apps/hosted-ui-app.js';
import { clientOptions, useHostedUiSuite, type HostedUiEnv } from './support/hosted-ui-fixture.js';
import { ALICE, BOB, getCallback, passHostedUi, POOL_WITH_ROTATION, setCookies, startSignIn, type Credentials } from './support/hosted-ui-harness.js';
import { eventually } from './store/eventually.js';
import { RedisServer } from './store/redis-server.js';

const SECRET = 'instances-spec-cookie-secret-0123456789abcdef';

/**
 * Three instances of one app behind a (pretend) load balancer, sharing a real redis-server:
 * sign-out holds on every instance, one refresh per session, sign-in state used once, one M2M
 * token per scope set, and Redis lost and back (empty) mid-run.
 */
describe('several instances on one Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await RedisServer.start();
  });
  afterAll(async () => {
    await redis?.dispose();
  });

  // The rotating client: a refresh invalidates the old refresh token at once (no grace period).
  const instance = (env: HostedUiEnv): CognitoModuleOptions =>
    clientOptions(env, 'rotatingclient', {
      clientId: ['rotatingclient', 'localm2mclient'],
      cookieSecret: SECRET,
      session: true,
      redisUrl: redis.url(),
      m2m: { clientId: 'localm2mclient', clientSecret: 'localm2mclient-secret' },
    });
  const suite = useHostedUiSuite((env) => ({ a: instance(env), b: instance(env), c: instance(env) }), { pool: POOL_WITH_ROTATION, clients: ['rotatingclient'] });
  const { apps } = suite;
  const all = () => [apps.a, apps.b, apps.c];

  /** A session-mode sign-in through `app`: the browser's session cookie afterwards. */
  async function signIn(app: INestApplication, user: Credentials = ALICE, expiresInSeconds?: number): Promise<string> {
    if (expiresInSeconds !== undefined) suite.t.clock.offsetMs = -(3600 - expiresInSeconds) * 1000;
    try {
      const { location, jar } = await startSignIn(app);
      const callback = await passHostedUi(suite.t.idp, location, user);
      const res = await getCallback(app, callback, jar);
      expect(res.status, JSON.stringify(res.body)).toBe(302);
      return new HostedUiBrowser().takeCookies(setCookies(res).filter((line) => line.startsWith('cognito_session'))).cookieHeader();
    } finally {
      suite.t.clock.offsetMs = 0;
    }
  }
  const get = (app: INestApplication, cookie: string) => request(app.getHttpServer()).get('/').set('Cookie', cookie);
  const bearer = (app: INestApplication, token: string) => request(app.getHttpServer()).get('/').set('Authorization', `Bearer ${token}`);

  it('a sign-out on one instance is enforced by every other within 1 s, and by an instance started later', async () => {
    const cookie = await signIn(apps.a);
    for (const app of all()) await get(app, cookie).expect(200);
    const signOut = await request(apps.a.getHttpServer()).post('/auth/sign-out').set('Cookie', cookie).set('Sec-Fetch-Site', 'same-origin');
    expect(signOut.status).toBe(302);
    // A copy of the cookie, replayed anywhere.
    for (const app of all()) {
      await eventually(async () => expect((await get(app, cookie)).body).toMatchObject({ statusCode: 401, reason: 'token_revoked' }), 1000);
    }
    const later = await bootHostedUiApp(instance(suite));
    try {
      expect((await get(later, cookie)).body).toMatchObject({ statusCode: 401, reason: 'token_revoked' });
    } finally {
      await later.close();
    }
  });

  it("an SPA's bearer tokens revoked on one instance are refused on the others", async () => {
    const tokens = await suite.t.idp.issueTokens({ username: 'bob', clientId: 'rotatingclient' });
    for (const app of all()) await bearer(app, tokens.access_token).expect(200);
    expect(await apps.c.get(CognitoRevocation).revokeTokens({ access_token: tokens.access_token, id_token: tokens.id_token })).toBe(2);
    for (const app of all()) {
      await eventually(async () => expect((await bearer(app, tokens.access_token)).body.reason).toBe('token_revoked'), 1000);
    }
  });

  it('a refresh storm across instances costs one call to /oauth2/token, and rotation signs nobody out', async () => {
    const cookie = await signIn(apps.a, BOB, 20);
    const before = suite.proxy.count('POST /oauth2/token');
    const storm = await Promise.all([...all(), ...all(), ...all()].map((app) => get(app, cookie)));
    expect(storm.map((res) => res.status)).toEqual(Array(9).fill(200));
    expect(suite.proxy.count('POST /oauth2/token')).toBe(before + 1);
    // Every instance handed out the same refreshed session, which keeps working everywhere.
    const refreshed = new HostedUiBrowser().takeCookies(setCookies(storm[2]!).filter((line) => line.startsWith('cognito_session'))).cookieHeader();
    for (const app of all()) await get(app, refreshed).expect(200);
  });

  it('a sign-in state is used once across instances: the callback replayed on another instance is refused', async () => {
    const { location, jar } = await startSignIn(apps.a);
    const callback = await passHostedUi(suite.t.idp, location);
    expect((await getCallback(apps.b, callback, jar)).status).toBe(302);
    const replay = await getCallback(apps.c, callback, jar);
    expect({ status: replay.status, error: replay.body.error, message: replay.body.message }).toMatchObject({ status: 400, error: 'invalid_state', message: expect.stringMatching(/replayed/) });
  });

  it('three instances asking for the same M2M token at once cause one token request', async () => {
    const before = suite.proxy.count('POST /oauth2/token');
    const tokens = await Promise.all(all().flatMap((app) => [0, 1].map(() => app.get(CognitoClientCredentials).getAccessToken(['demo-api/read']))));
    expect(new Set(tokens).size).toBe(1);
    expect(suite.proxy.count('POST /oauth2/token')).toBe(before + 1);
  });

  it('Redis lost mid-run: verification keeps answering, a sign-out meanwhile holds, and a Redis back empty is refilled', async () => {
    const tokens = await suite.t.idp.issueTokens({ username: 'alice', clientId: 'rotatingclient' });
    const revokedBefore = await suite.t.idp.issueTokens({ username: 'alice', clientId: 'rotatingclient' });
    await apps.a.get(CognitoRevocation).revokeTokens({ access_token: revokedBefore.access_token });
    for (const app of all()) await eventually(async () => expect((await bearer(app, revokedBefore.access_token)).status).toBe(401), 1000);

    await redis.kill();
    // Bearer verification does not need Redis: no 5xx.
    for (const app of all()) await bearer(app, tokens.access_token).expect(200);
    // Signed out on B while Redis is down: B refuses at once.
    await apps.b.get(CognitoRevocation).revokeTokens({ access_token: tokens.access_token });
    expect((await bearer(apps.b, tokens.access_token)).body.reason).toBe('token_revoked');

    await redis.restart(); // empty: no persistence
    // Every instance gets both revocations back: the one made before the kill, and the one made while Redis was down.
    for (const app of all()) {
      await eventually(async () => {
        expect((await bearer(app, tokens.access_token)).body.reason).toBe('token_revoked');
        expect((await bearer(app, revokedBefore.access_token)).body.reason).toBe('token_revoked');
      }, 10_000);
    }
    const later = await bootHostedUiApp(instance(suite));
    try {
      await eventually(async () => expect((await bearer(later, tokens.access_token)).body.reason).toBe('token_revoked'), 10_000);
    } finally {
      await later.close();
    }
  });
});
