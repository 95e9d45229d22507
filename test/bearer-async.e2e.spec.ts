import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import passport from 'passport';
import { Injectable, Module, type INestApplication } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import {
  CognitoJwtStrategy,
  CognitoModule,
  cognitoOptionsFromEnv,
  type CognitoModuleOptions,
  type CognitoOptionsFactory,
} from '../src/cognito/index.js';
import { COGNITO_JWT_STRATEGY_NAME } from '../src/cognito/cognito.constants.js';
import { CLIENT_ID, OTHER_CLIENT_ID, TestIssuer } from './support/test-issuer.js';
import { bootBearerApp, bootWithOptions, GlobalGuardController, PublicController } from './apps/bearer-app.js';

/**
 * The module configured the asynchronous ways (as @nestjs/passport tests its registrations: one
 * spec, run against each app), global-guard mode, and two module instances in one process.
 */

const nowS = () => Math.floor(Date.now() / 1000);

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await TestIssuer.start();
});
afterAll(async () => {
  await issuer?.stop();
});

/** `@nestjs/config` holding the module options under `cognito`, as an app's config file would. */
const configModule = () => ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ cognito: issuer.moduleOptions() })] });

@Injectable()
class CognitoConfig implements CognitoOptionsFactory {
  constructor(private readonly config: ConfigService) {}

  createCognitoOptions(): CognitoModuleOptions {
    return this.config.getOrThrow<CognitoModuleOptions>('cognito');
  }
}

@Module({ imports: [configModule()], providers: [CognitoConfig], exports: [CognitoConfig] })
class CognitoConfigModule {}

const ENV_NAMES = ['COGNITO_USER_POOL_ID', 'COGNITO_CLIENT_ID', 'COGNITO_ISSUER', 'COGNITO_JWKS_URI', 'COGNITO_CLOCK_TOLERANCE'];

const apps: Array<[name: string, boot: () => Promise<INestApplication>]> = [
  [
    'forRootAsync: useFactory + inject ConfigService',
    () =>
      bootBearerApp([
        CognitoModule.forRootAsync({
          imports: [configModule()],
          inject: [ConfigService],
          useFactory: (config: ConfigService) => config.getOrThrow<CognitoModuleOptions>('cognito'),
        }),
      ]),
  ],
  ['forRootAsync: useClass (CognitoOptionsFactory)', () => bootBearerApp([CognitoModule.forRootAsync({ imports: [configModule()], useClass: CognitoConfig })])],
  ['forRootAsync: useExisting', () => bootBearerApp([CognitoModule.forRootAsync({ imports: [CognitoConfigModule], useExisting: CognitoConfig })])],
  [
    'forRootAsync: cognitoOptionsFromEnv over ConfigService',
    () =>
      bootBearerApp([
        CognitoModule.forRootAsync({
          imports: [
            ConfigModule.forRoot({
              ignoreEnvFile: true,
              load: [
                () => ({
                  COGNITO_USER_POOL_ID: issuer.moduleOptions().userPoolId,
                  COGNITO_CLIENT_ID: `${OTHER_CLIENT_ID}, ${CLIENT_ID}`,
                  COGNITO_ISSUER: issuer.issuer,
                  COGNITO_JWKS_URI: issuer.jwksUri,
                  COGNITO_CLOCK_TOLERANCE: '0',
                }),
              ],
            }),
          ],
          inject: [ConfigService],
          useFactory: (config: ConfigService) => cognitoOptionsFromEnv(Object.fromEntries(ENV_NAMES.map((name) => [name, config.get<string>(name)]))),
        }),
      ]),
  ],
  ['forRoot (for comparison)', () => bootWithOptions(issuer.moduleOptions())],
];

for (const [name, boot] of apps) {
  describe(name, () => {
    let app: INestApplication;
    beforeAll(async () => {
      app = await boot();
    });
    afterAll(async () => {
      await app?.close();
    });
    const get = (path: string, token?: string) => {
      const req = request(app.getHttpServer()).get(path);
      return token === undefined ? req : req.set('Authorization', `Bearer ${token}`);
    };

    it('fetched the JWKS and verifies a valid token', async () => {
      const res = await get('/', await issuer.accessToken()).expect(200);
      expect(res.body.claims).toMatchObject({ username: 'alice', client_id: CLIENT_ID });
      await get('/username', await issuer.accessToken({ username: 'carol' })).expect(200, { username: 'carol' });
    });

    it('@Public() routes need no token', async () => {
      await get('/public').expect(200, { ok: true });
      await get('/public', 'garbage').expect(200, { ok: true });
    });

    it('refuses a missing, expired, foreign or wrong-use token', async () => {
      const missing = await get('/').expect(401);
      expect(missing.headers['www-authenticate']).toBe('Bearer realm="cognito"');
      for (const [token, reason] of [
        [await issuer.accessToken({ exp: nowS() - 1 }), 'token_expired'],
        [await issuer.accessToken({ client_id: 'someoneelse' }), 'invalid_client_id'],
        [await issuer.idToken(), 'invalid_token_use'],
        [await issuer.accessToken({ iss: `${issuer.issuer}x` }), 'invalid_issuer'],
        ['a.b.c', 'malformed_token'],
      ]) {
        const res = await get('/', token).expect(401);
        expect(res.body).toMatchObject({ statusCode: 401, error: 'invalid_token', reason });
        expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
        expect(res.text).not.toContain(token);
      }
    });

    it('enforces groups and scopes', async () => {
      const bob = await issuer.accessToken({ 'cognito:groups': ['staff'], scope: 'openid' });
      expect((await get('/admin', bob).expect(403)).body).toMatchObject({ error: 'insufficient_scope', reason: 'missing_group' });
      expect((await get('/orders', bob).expect(403)).body).toMatchObject({ error: 'insufficient_scope', reason: 'missing_scope' });
      await get('/staff-admin', await issuer.accessToken({ 'cognito:groups': ['staff', 'admin'] })).expect(200);
      await get('/orders', await issuer.accessToken({ scope: 'orders/read' })).expect(200);
    });
  });
}

describe('global guard (globalGuard: true)', () => {
  const controllers = [GlobalGuardController, PublicController];
  const modes: Array<[name: string, boot: () => Promise<INestApplication>]> = [
    [
      'forRootAsync',
      () =>
        bootBearerApp(
          [
            CognitoModule.forRootAsync({
              globalGuard: true,
              imports: [configModule()],
              inject: [ConfigService],
              useFactory: (config: ConfigService) => config.getOrThrow<CognitoModuleOptions>('cognito'),
            }),
          ],
          controllers,
        ),
    ],
    ['forRoot', () => bootBearerApp([CognitoModule.forRoot({ ...issuer.moduleOptions(), globalGuard: true })], controllers)],
  ];

  for (const [name, boot] of modes) {
    describe(name, () => {
      let app: INestApplication;
      beforeAll(async () => {
        app = await boot();
      });
      afterAll(async () => {
        await app?.close();
      });
      const get = (path: string, authorization?: string) => {
        const req = request(app.getHttpServer()).get(path);
        return authorization === undefined ? req : req.set('Authorization', authorization);
      };

      it('guards routes that have no @UseGuards', async () => {
        expect((await get('/global/me').expect(401)).body.reason).toBe('missing_token');
        expect((await get('/global/me', 'Bearer x.y.z').expect(401)).body.reason).toBe('malformed_token');
        await get('/global/me', `Bearer ${await issuer.accessToken()}`).expect(200, { sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' });
      });

      it('enforces @Groups() on them', async () => {
        await get('/global/admin', `Bearer ${await issuer.accessToken()}`).expect(200);
        const res = await get('/global/admin', `Bearer ${await issuer.accessToken({ 'cognito:groups': undefined })}`).expect(403);
        expect(res.body.reason).toBe('missing_group');
      });

      it('@Public() on a method lets that route through', async () => {
        await get('/global/open').expect(200, { open: true });
        await get('/global/open', 'Bearer garbage').expect(200, { open: true });
      });

      it('@Public() on a class lets all its routes through', async () => {
        await get('/open-class').expect(200, { open: true });
        await get('/open-class', 'Basic Zm9vOmJhcg==').expect(200, { open: true });
        await get('/open-class/claims', `Bearer ${await issuer.accessToken({ exp: nowS() - 60 })}`).expect(200);
      });
    });
  }

  it('without globalGuard the same routes are not guarded (so the tests above test the guard), and @Claims() there is an error, not a silent undefined', async () => {
    const app = await bootBearerApp([CognitoModule.forRoot(issuer.moduleOptions())], controllers);
    try {
      await request(app.getHttpServer()).get('/global/open').expect(200, { open: true });
      await request(app.getHttpServer()).get('/global/me').expect(500);
    } finally {
      await app.close();
    }
  });
});

describe('two apps in one process', () => {
  let other: TestIssuer;
  let appA: INestApplication;
  let appB: INestApplication;
  beforeAll(async () => {
    other = await TestIssuer.start();
    appA = await bootWithOptions(issuer.moduleOptions());
    appB = await bootBearerApp([
      CognitoModule.forRootAsync({ useFactory: async () => ({ ...other.moduleOptions(), clientId: 'clientb' }) }),
      ConfigModule.forRoot({ ignoreEnvFile: true }),
    ]);
  });
  afterAll(async () => {
    await appA?.close();
    await appB?.close();
    await other?.stop();
  });

  it('each app has its own passport strategy, registered under its own name', () => {
    const nameA = appA.get<string>(COGNITO_JWT_STRATEGY_NAME, { strict: false });
    const nameB = appB.get<string>(COGNITO_JWT_STRATEGY_NAME, { strict: false });
    expect(nameA).not.toBe(nameB);
    const registry = passport as unknown as { _strategy(name: string): unknown };
    expect(registry._strategy(nameA)).toBe(appA.get(CognitoJwtStrategy, { strict: false }));
    expect(registry._strategy(nameB)).toBe(appB.get(CognitoJwtStrategy, { strict: false }));
  });

  it('each app accepts its own tokens and refuses the other one\'s', async () => {
    const tokenA = await issuer.accessToken();
    const tokenB = await other.accessToken({ client_id: 'clientb', username: 'bob' });
    const hit = (app: INestApplication, token: string) => request(app.getHttpServer()).get('/username').set('Authorization', `Bearer ${token}`);
    // Interleaved and concurrent: no request may reach the other app's verifier.
    const results = await Promise.all([hit(appA, tokenA), hit(appB, tokenA), hit(appB, tokenB), hit(appA, tokenB), hit(appA, tokenA), hit(appB, tokenB)]);
    expect(results.map((res) => res.status)).toEqual([200, 401, 200, 401, 200, 200]);
    expect(results[0].body).toEqual({ username: 'alice' });
    expect(results[2].body).toEqual({ username: 'bob' });
    expect(results[1].body.reason).toBe('invalid_issuer');
    expect(results[3].body.reason).toBe('invalid_issuer');
  });

  it('same pool, different app clients: each app holds to its own client id', async () => {
    const appC = await bootWithOptions({ ...issuer.moduleOptions(), clientId: OTHER_CLIENT_ID });
    try {
      const forC = await issuer.accessToken({ client_id: OTHER_CLIENT_ID });
      const forA = await issuer.accessToken();
      await request(appC.getHttpServer()).get('/').set('Authorization', `Bearer ${forC}`).expect(200);
      await request(appA.getHttpServer()).get('/').set('Authorization', `Bearer ${forA}`).expect(200);
      const refusedByC = await request(appC.getHttpServer()).get('/').set('Authorization', `Bearer ${forA}`).expect(401);
      expect(refusedByC.body.reason).toBe('invalid_client_id');
      const refusedByA = await request(appA.getHttpServer()).get('/').set('Authorization', `Bearer ${forC}`).expect(401);
      expect(refusedByA.body.reason).toBe('invalid_client_id');
    } finally {
      await appC.close();
    }
  });

  it('closing one app unregisters its strategy and leaves the other working', async () => {
    const extra = await bootWithOptions(other.moduleOptions({ clientId: 'clientb' }));
    const name = extra.get<string>(COGNITO_JWT_STRATEGY_NAME, { strict: false });
    const registry = passport as unknown as { _strategy(name: string): unknown };
    expect(registry._strategy(name)).toBeDefined();
    await extra.close();
    expect(registry._strategy(name)).toBeUndefined();
    await request(appA.getHttpServer()).get('/').set('Authorization', `Bearer ${await issuer.accessToken()}`).expect(200);
    await request(appB.getHttpServer())
      .get('/')
      .set('Authorization', `Bearer ${await other.accessToken({ client_id: 'clientb' })}`)
      .expect(200);
  });
});
