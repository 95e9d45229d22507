import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { clientOptions, useHostedUiSuite } from './support/hosted-ui-fixture.js';
import { getCallback, signInAtIdp } from './support/hosted-ui-harness.js';

describe('hosted-UI sign-in against the local identity provider', () => {
  const suite = useHostedUiSuite((env) => ({ app: clientOptions(env, 'localwebclient', { direct: true }) }));

  it('signs in through the hosted UI and gets working tokens', async () => {
    const app = suite.apps.app;
    const { jar, callback, location: authorize } = await signInAtIdp(app, suite.t.idp);
    expect(authorize.origin + authorize.pathname).toBe(`${suite.t.idp.url}/oauth2/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('scope')).toBe('openid email profile');
    const res = await getCallback(app, callback, jar).expect(200);
    expect(Object.keys(res.body).sort()).toEqual(['access_token', 'expires_in', 'id_token', 'refresh_token', 'token_type']);
    const me = await request(app.getHttpServer()).get('/').set('Authorization', `Bearer ${res.body.access_token}`).expect(200);
    expect(me.body.claims.username).toBe('alice');
    await request(app.getHttpServer()).get('/admin').set('Authorization', `Bearer ${res.body.access_token}`).expect(200);
  });
});
