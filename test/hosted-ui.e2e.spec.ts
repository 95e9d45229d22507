import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { LocalCognito } from '../src/local-cognito/index.js';
import { bootHostedUiApp } from './apps/hosted-ui-app.js';
import { CookieJar } from './support/cookie-jar.js';

const REDIRECT_URI = 'http://localhost:3999/auth/callback';
const LOGOUT_URI = 'http://localhost:3999/';

describe('hosted-UI sign-in against the local identity provider', () => {
  let idp: LocalCognito;
  let app: INestApplication;

  beforeAll(async () => {
    idp = await LocalCognito.start({ logger: () => {} });
    idp.addClientUrls('localwebclient', { callbackUrls: [REDIRECT_URI], logoutUrls: [LOGOUT_URI] });
    app = await bootHostedUiApp({ ...idp.settingsFor('localwebclient'), redirectUri: REDIRECT_URI, logoutUri: LOGOUT_URI });
  });
  afterAll(async () => {
    await app.close();
    await idp.stop();
  });

  async function signIn(username = 'alice', password = 'Alice-Passw0rd!', query = '') {
    const jar = new CookieJar();
    const start = await request(app.getHttpServer()).get(`/auth/sign-in${query}`).expect(302);
    jar.take(start.headers['set-cookie']);
    const callback = new URL(await idp.signInThroughHostedUi(start.headers.location, { username, password }));
    return { jar, callback, start };
  }

  it('signs in through the hosted UI and gets working tokens', async () => {
    const { jar, callback, start } = await signIn();
    const authorize = new URL(start.headers.location);
    expect(authorize.origin + authorize.pathname).toBe(`${idp.url}/oauth2/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('scope')).toBe('openid email profile');
    const res = await request(app.getHttpServer())
      .get(`/auth/callback${callback.search}`)
      .set('Cookie', jar.header())
      .expect(200);
    expect(Object.keys(res.body).sort()).toEqual(['access_token', 'expires_in', 'id_token', 'refresh_token', 'token_type']);
    const me = await request(app.getHttpServer()).get('/').set('Authorization', `Bearer ${res.body.access_token}`).expect(200);
    expect(me.body.claims.username).toBe('alice');
    await request(app.getHttpServer()).get('/admin').set('Authorization', `Bearer ${res.body.access_token}`).expect(200);
  });
});
