import { Controller, Get, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoAuthService, CognitoConfigError, CognitoModule, type CognitoModuleOptions } from '../src/cognito/index.js';
import { bootApp } from './apps/boot-app.js';
import { TestIssuer } from './support/test-issuer.js';

@Controller('secret')
class SecretController {
  @Get()
  secret() {
    return { secret: true };
  }
}

const HOSTED_UI = { domain: 'https://myapp.auth.eu-west-1.amazoncognito.com', redirectUri: 'https://api.example.com/auth/callback' };

/** forRootAsync's shape (guards, visibility, routes) is fixed before its factory runs: a factory that disagrees must not be ignored. */
describe('module shape: forRootAsync never silently differs from what its factory says', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await TestIssuer.start();
  });
  afterAll(async () => {
    await issuer?.stop();
  });

  const bootAsync = (shape: { globalGuard?: boolean; isGlobal?: boolean; authPath?: string | false }, factory: () => Partial<CognitoModuleOptions>) =>
    bootApp([CognitoModule.forRootAsync({ ...shape, useFactory: () => ({ ...issuer.moduleOptions(), ...factory() }) as CognitoModuleOptions })], [SecretController]);

  async function startupError(boot: Promise<INestApplication>): Promise<CognitoConfigError> {
    const outcome = await boot.then(
      async (app) => {
        await app.close();
        return undefined;
      },
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(CognitoConfigError);
    return outcome as CognitoConfigError;
  }

  it('globalGuard: true from the factory alone refuses to start (it used to leave every route open)', async () => {
    const error = await startupError(bootAsync({}, () => ({ globalGuard: true })));
    expect(error.option).toBe('globalGuard');
    expect(error.message).toMatch(/forRootAsync\(\{ globalGuard, useFactory \}\)/);
  });

  it('globalGuard given to forRootAsync guards every route; the factory may repeat it or leave it out', async () => {
    for (const factory of [() => ({}), () => ({ globalGuard: true })]) {
      const app = await bootAsync({ globalGuard: true }, factory);
      try {
        await request(app.getHttpServer()).get('/secret').expect(401);
        await request(app.getHttpServer()).get('/secret').set('Authorization', `Bearer ${await issuer.accessToken()}`).expect(200, { secret: true });
      } finally {
        await app.close();
      }
    }
  });

  it('a factory that turns the guard off while the module has it on refuses to start', async () => {
    expect((await startupError(bootAsync({ globalGuard: true }, () => ({ globalGuard: false })))).option).toBe('globalGuard');
  });

  it('isGlobal and authPath that disagree with the module refuse to start', async () => {
    expect((await startupError(bootAsync({}, () => ({ isGlobal: true })))).option).toBe('isGlobal');
    expect((await startupError(bootAsync({ authPath: '/auth' }, () => ({ ...HOSTED_UI, authPath: '/login' })))).option).toBe('authPath');
  });

  it('no authPath: no hosted-UI routes; a factory that turns on hosted-UI sign-in must say where they go', async () => {
    const bearerOnly = await bootAsync({}, () => ({}));
    try {
      for (const path of ['/auth/sign-in', '/auth/callback', '/auth/userinfo']) await request(bearerOnly.getHttpServer()).get(path).expect(404);
    } finally {
      await bearerOnly.close();
    }
    expect((await startupError(bootAsync({}, () => HOSTED_UI))).option).toBe('authPath');
    // authPath: false in the factory: the OAuth endpoints in code, without routes.
    const serviceOnly = await bootAsync({}, () => ({ ...HOSTED_UI, authPath: false }));
    try {
      await request(serviceOnly.getHttpServer()).get('/auth/sign-in').expect(404);
      expect(serviceOnly.get(CognitoAuthService).logoutUrl()).toBeUndefined();
      expect(serviceOnly.get(CognitoAuthService).authorizeUrl({ state: 's' })).toMatch(/^https:\/\/myapp\.auth\.eu-west-1\.amazoncognito\.com\/oauth2\/authorize\?/);
    } finally {
      await serviceOnly.close();
    }
  });

  it('authPath given: the routes are mounted there, and the factory must give a domain', async () => {
    const app = await bootAsync({ authPath: '/login' }, () => HOSTED_UI);
    try {
      const res = await request(app.getHttpServer()).get('/login/sign-in');
      expect(res.status).toBe(302);
      expect(res.headers.location).toMatch(/^https:\/\/myapp\.auth\.eu-west-1\.amazoncognito\.com\/oauth2\/authorize\?/);
      await request(app.getHttpServer()).get('/auth/sign-in').expect(404);
    } finally {
      await app.close();
    }
    expect((await startupError(bootAsync({ authPath: '/auth' }, () => ({})))).option).toBe('domain');
  });

  it('forRoot without a domain mounts no routes', async () => {
    const app = await bootApp([CognitoModule.forRoot(issuer.moduleOptions())], [SecretController]);
    try {
      await request(app.getHttpServer()).get('/auth/sign-in').expect(404);
    } finally {
      await app.close();
    }
  });
});
