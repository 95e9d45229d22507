import { Controller, Get, UseGuards, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Claims, CognitoGuard, CognitoModule, type CognitoModuleOptions } from '../src/cognito/index.js';
import { DEMO_USERS, LocalCognito } from '../src/local-cognito/index.js';
import { bootApp } from './apps/boot-app.js';
import { onFreePort } from './support/free-port.js';

@Controller()
@UseGuards(CognitoGuard)
class MeController {
  @Get('me')
  me(@Claims('username') username: string) {
    return { username };
  }
}

/** The testing kit against an app under test: settings spread as they are, and a sign-in in one call. */
describe('testing kit: settingsFor() and signInThroughApp() with an app under test', () => {
  let idp: LocalCognito;
  const apps: INestApplication[] = [];
  beforeAll(async () => {
    idp = await LocalCognito.start({ logger: () => {} });
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await idp?.stop();
  });

  /** An app on a port known before it starts, its callback and sign-out URLs registered with the provider. */
  function bootWith(extra: Partial<CognitoModuleOptions> = {}): Promise<{ app: INestApplication; url: string }> {
    return onFreePort(async (port) => {
      const url = `http://127.0.0.1:${port}`;
      const settings = idp.settingsFor('localwebclient', { redirectUri: `${url}/auth/callback`, logoutUri: `${url}/` });
      const app = await bootApp([CognitoModule.forRoot({ ...settings, ...extra })], [MeController], { port });
      apps.push(app);
      return { app, url };
    });
  }

  it('JSON mode: the callback answers tokens that open guarded routes', async () => {
    const { app, url } = await bootWith();
    const signIn = await idp.signInThroughApp(url, DEMO_USERS.alice);
    expect(signIn.status).toBe(200);
    expect(Object.keys(signIn.tokens!).sort()).toEqual(['access_token', 'expires_in', 'id_token', 'refresh_token', 'token_type']);
    await request(app.getHttpServer()).get('/me').set('Authorization', `Bearer ${signIn.tokens!.access_token}`).expect(200, { username: 'alice' });
  });

  it('session mode: the callback answers the session cookie, which opens guarded routes', async () => {
    const { app, url } = await bootWith({ cookieSecret: 'testing-kit-spec-cookie-secret-0123456789', session: true });
    const signIn = await idp.signInThroughApp(url, DEMO_USERS.bob, { query: { returnTo: '/me' } });
    expect(signIn).toMatchObject({ status: 302, location: '/me' });
    expect(signIn.tokens).toBeUndefined();
    expect(signIn.cookie).toMatch(/^cognito_session\.0=/);
    await request(app.getHttpServer()).get('/me').set('Cookie', signIn.cookie).expect(200, { username: 'bob' });
  });

  it('a wrong password fails with the hosted UI\'s message', async () => {
    const { url } = await bootWith();
    await expect(idp.signInThroughApp(url, { username: 'alice', password: 'wrong' })).rejects.toThrow(/Incorrect username or password/);
  });
});
