import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootHostedUiApp } from './apps/hosted-ui-app.js';
import { HostedUiBrowser } from '../src/local-cognito/index.js';
import { FakeTokenEndpoint, type FakeAnswer } from './support/fake-token-endpoint.js';
import {
  BOB,
  expectOAuthError,
  getCallback,
  passHostedUi,
  REDIRECT_URI,
  signInAtIdp,
  startSignIn,
} from './support/hosted-ui-harness.js';
import { clientOptions, useHostedUiSuite } from './support/hosted-ui-fixture.js';

describe('hosted-UI callback failures: clear 4xx or 502, never a 500', () => {
  const suite = useHostedUiSuite((env) => ({ web: clientOptions(env, 'localwebclient') }));
  const { apps } = suite;

  describe('errors Cognito sends back to the callback', () => {
    it('?error=access_denied is a 401 access_denied in our words: Cognito\'s error_description is never echoed', async () => {
      const { state, jar } = await startSignIn(apps.web);
      const res = await getCallback(apps.web, `?error=access_denied&error_description=${encodeURIComponent('Your account is locked: call +1 555 0100')}&state=${state}`, jar);
      expectOAuthError(res, 401, 'access_denied', /denied the sign-in/);
      expect(res.text).not.toMatch(/locked|555/);
    });

    it('error_description of any other error is not echoed either', async () => {
      const { state, jar } = await startSignIn(apps.web);
      const res = await getCallback(apps.web, `?error=server_error&error_description=${encodeURIComponent('Visit evil.example to fix your account')}&state=${state}`, jar);
      expectOAuthError(res, 400, 'server_error', /could not complete the sign-in/);
      expect(res.text).not.toMatch(/evil/);
    });

    it('prompt=none without a hosted-UI session comes back as ?error=login_required: 400 login_required', async () => {
      const { location, jar } = await startSignIn(apps.web, { prompt: 'none' });
      const callback = await passHostedUi(suite.t.idp, location);
      expect(callback.searchParams.get('error')).toBe('login_required');
      expectOAuthError(await getCallback(apps.web, callback, jar), 400, 'login_required');
    });

    it('an unknown idp_identifier comes back as ?error=invalid_request: 400 invalid_request', async () => {
      const { location, jar } = await startSignIn(apps.web, { idp_identifier: 'nobody.example' });
      const callback = await passHostedUi(suite.t.idp, location);
      expectOAuthError(await getCallback(apps.web, callback, jar), 400, 'invalid_request', /Cognito refused the sign-in request/);
    });

    it('an error code that is not an OAuth code is not echoed back', async () => {
      const { state, jar } = await startSignIn(apps.web);
      const res = await getCallback(apps.web, `?error=${encodeURIComponent('<script>alert(1)</script>')}&error_description=${encodeURIComponent('x\u0000<b>\r\nSet-Cookie: a=b')}&state=${state}`, jar);
      expectOAuthError(res, 400, 'authorization_failed');
      expect(res.body.message).not.toMatch(/[\u0000-\u001f]/);
    });
  });

  describe('state', () => {
    it('missing state parameter: 400 invalid_state', async () => {
      const { callback, jar } = await signInAtIdp(apps.web, suite.t.idp);
      callback.searchParams.delete('state');
      expectOAuthError(await getCallback(apps.web, callback, jar), 400, 'invalid_state', /state/);
    });

    it('state cookie missing (the callback opened in another browser): 400 invalid_state', async () => {
      const { callback } = await signInAtIdp(apps.web, suite.t.idp);
      expectOAuthError(await getCallback(apps.web, callback), 400, 'invalid_state', /no sign-in in progress/);
    });

    it('state of one sign-in with the cookie of another: 400 invalid_state, and no code exchange', async () => {
      const first = await startSignIn(apps.web);
      const second = await signInAtIdp(apps.web, suite.t.idp);
      const before = suite.proxy.count('POST /oauth2/token');
      expectOAuthError(await getCallback(apps.web, second.callback, first.jar), 400, 'invalid_state');
      // The same, with the other sign-in's sealed cookie planted under this state's cookie name.
      const planted = new HostedUiBrowser();
      const [secondName] = second.jar.cookies.keys();
      const [firstName] = first.jar.cookies.keys();
      planted.setCookie(secondName!, first.jar.cookie(firstName!)!);
      expectOAuthError(await getCallback(apps.web, second.callback, planted), 400, 'invalid_state', /does not match/);
      expect(suite.proxy.count('POST /oauth2/token')).toBe(before);
    });

    it('a forged state cookie is no sign-in in progress', async () => {
      const { callback, jar } = await signInAtIdp(apps.web, suite.t.idp);
      const name = [...jar.cookies.keys()][0]!;
      const value = jar.cookie(name)!;
      jar.setCookie(name, value.slice(0, -4) + (value.endsWith('AAAA') ? 'BBBB' : 'AAAA'));
      expectOAuthError(await getCallback(apps.web, callback, jar), 400, 'invalid_state');
    });

    it('replayed callback (same URL, same cookie): the second one is 400 invalid_state "replayed"', async () => {
      const { callback, jar } = await signInAtIdp(apps.web, suite.t.idp);
      const first = await getCallback(apps.web, callback, jar);
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      const before = suite.proxy.count('POST /oauth2/token');
      expectOAuthError(await getCallback(apps.web, callback, jar), 400, 'invalid_state', /replayed/);
      expect(suite.proxy.count('POST /oauth2/token')).toBe(before);
    });
  });

  describe('the code', () => {
    it('a code already redeemed, brought back with a fresh state: 400 invalid_grant', async () => {
      const used = await signInAtIdp(apps.web, suite.t.idp);
      expect((await getCallback(apps.web, used.callback, used.jar)).status).toBe(200);
      const fresh = await startSignIn(apps.web);
      const res = await getCallback(apps.web, `?code=${used.callback.searchParams.get('code')}&state=${fresh.state}`, fresh.jar);
      expectOAuthError(res, 400, 'invalid_grant');
    });

    it('a code older than five minutes: 400 invalid_grant', async () => {
      const { callback, jar } = await signInAtIdp(apps.web, suite.t.idp);
      suite.t.clock.offsetMs = 5 * 60_000 + 1_000;
      expectOAuthError(await getCallback(apps.web, callback, jar), 400, 'invalid_grant', /expired/);
    });

    it('a made-up code: 400 invalid_grant', async () => {
      const { state, jar } = await startSignIn(apps.web);
      expectOAuthError(await getCallback(apps.web, `?code=00000000-0000-0000-0000-000000000000&state=${state}`, jar), 400, 'invalid_grant');
    });

    it('a callback with neither code nor error: 400 invalid_request, not a new sign-in', async () => {
      const { state, jar } = await startSignIn(apps.web);
      const withState = await getCallback(apps.web, `?state=${state}`, jar);
      expectOAuthError(withState, 400, 'invalid_request');
      expect(withState.headers.location).toBeUndefined();
      expectOAuthError(await getCallback(apps.web, ''), 400, 'invalid_request');
      expectOAuthError(await getCallback(apps.web, '?code=a&code=b&state=x'), 400, 'invalid_request');
    });

    it.each(['?code=', '?error=', '?code=&state=', '?error=&state=', '?code=&error=', `?code=${'a'.repeat(3000)}`])(
      'an empty or oversized code or error (%s): 400 invalid_request, never a 5xx or a new sign-in',
      async (query) => {
        const { state, jar } = await startSignIn(apps.web);
        const res = await getCallback(apps.web, query.replace('state=', `state=${state}`), jar);
        expectOAuthError(res, 400, 'invalid_request');
        expect(res.headers.location).toBeUndefined();
      },
    );

    it('?code= or ?error= on a sign-in route is no callback: it starts a sign-in', async () => {
      const queries: Array<Record<string, string>> = [{ code: 'stolen-code', state: 'x' }, { error: 'access_denied', error_description: 'nope' }];
      for (const query of queries) {
        const { location } = await startSignIn(apps.web, query);
        expect(location.pathname).toBe('/oauth2/authorize');
        expect(location.searchParams.get('code')).toBeNull();
        expect(location.searchParams.get('state')).not.toBe('x');
      }
    });
  });

  describe('Cognito\'s token endpoint misbehaving', () => {
    it('unreachable: 502 cognito_unavailable', async () => {
      const { callback, jar } = await signInAtIdp(apps.web, suite.t.idp);
      suite.proxy.mode = 'down';
      expectOAuthError(await getCallback(apps.web, callback, jar), 502, 'cognito_unavailable');
    });

    it('answering an HTML page: 502 cognito_bad_response', async () => {
      const { callback, jar } = await signInAtIdp(apps.web, suite.t.idp);
      suite.proxy.mode = 'garbage';
      expectOAuthError(await getCallback(apps.web, callback, jar), 502, 'cognito_bad_response');
    });

    it('a wrong client secret is our misconfiguration: 502, not the user\'s fault', async () => {
      const misconfigured = await bootHostedUiApp({
        ...suite.t.idp.settingsFor('localwebclient'),
        clientSecret: 'not-the-secret',
        redirectUri: REDIRECT_URI,
      });
      try {
        const { callback, jar } = await signInAtIdp(misconfigured, suite.t.idp, BOB);
        expectOAuthError(await getCallback(misconfigured, callback, jar), 502, 'cognito_rejected_client', /client/);
      } finally {
        await misconfigured.close();
      }
    });
  });

  describe('a token endpoint that lies (a hostile or broken domain)', () => {
    let fake: FakeTokenEndpoint;
    let answer: (form: URLSearchParams) => Promise<FakeAnswer>;
    let app: INestApplication;
    let twoClients: INestApplication;

    beforeAll(async () => {
      fake = await FakeTokenEndpoint.start((form) => answer(form));
      const settings = { ...suite.t.idp.settingsFor('localwebclient'), domain: fake.url, redirectUri: REDIRECT_URI };
      app = await bootHostedUiApp(settings);
      // An API that accepts the tokens of two app clients still signs users in as the first one only.
      twoClients = await bootHostedUiApp({ ...settings, clientId: ['localwebclient', 'localspaclient'] });
    });
    afterAll(async () => {
      await app?.close();
      await twoClients?.close();
      await fake?.stop();
    });

    async function callbackAnswered(target: INestApplication, tokens: (nonce: string) => Promise<unknown>, status = 200) {
      const { state, jar, location } = await startSignIn(target);
      const nonce = location.searchParams.get('nonce')!;
      answer = async () => ({ status, body: await tokens(nonce) });
      return getCallback(target, `?code=any-code&state=${state}`, jar);
    }

    it('sanity: honest tokens with the right nonce are accepted', async () => {
      const res = await callbackAnswered(app, (nonce) => suite.t.idp.issueTokens({ username: 'alice', clientId: 'localwebclient', nonce }));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(fake.requests.at(-1)?.get('code_verifier')).toMatch(/^[\w-]{43,128}$/);
    });

    it('an id token with another nonce: 401 invalid_id_token', async () => {
      const res = await callbackAnswered(app, () => suite.t.idp.issueTokens({ username: 'alice', clientId: 'localwebclient', nonce: 'someone-elses-nonce' }));
      expectOAuthError(res, 401, 'invalid_id_token', /nonce/);
    });

    it('an id token without a nonce: 401 invalid_id_token', async () => {
      const res = await callbackAnswered(app, () => suite.t.idp.issueTokens({ username: 'alice', clientId: 'localwebclient' }));
      expectOAuthError(res, 401, 'invalid_id_token', /nonce/);
    });

    it('tokens of another app client: 401 invalid_id_token', async () => {
      const res = await callbackAnswered(app, (nonce) => suite.t.idp.issueTokens({ username: 'alice', clientId: 'localspaclient', nonce }));
      expectOAuthError(res, 401, 'invalid_id_token');
    });

    it('tokens of another accepted app client: still 401, the sign-in was for the hosted-UI client', async () => {
      const res = await callbackAnswered(twoClients, (nonce) => suite.t.idp.issueTokens({ username: 'alice', clientId: 'localspaclient', nonce }));
      expectOAuthError(res, 401, 'invalid_id_token');
    });

    it('an id token issued with another access token (at_hash): 401 invalid_id_token', async () => {
      const res = await callbackAnswered(app, async (nonce) => {
        const one = await suite.t.idp.issueTokens({ username: 'alice', clientId: 'localwebclient', nonce });
        const other = await suite.t.idp.issueTokens({ username: 'bob', clientId: 'localwebclient', nonce });
        return { ...one, access_token: other.access_token };
      });
      expectOAuthError(res, 401, 'invalid_id_token');
    });

    it('no id token although openid was requested: 401 invalid_id_token', async () => {
      const res = await callbackAnswered(app, async (nonce) => {
        const { id_token: _, ...rest } = await suite.t.idp.issueTokens({ username: 'alice', clientId: 'localwebclient', nonce });
        return rest;
      });
      expectOAuthError(res, 401, 'invalid_id_token', /no id token/);
    });

    it('an expired id token: 401 invalid_id_token', async () => {
      const res = await callbackAnswered(app, (nonce) => suite.t.idp.issueTokens({ username: 'alice', clientId: 'localwebclient', nonce, claims: { exp: Math.floor(Date.now() / 1000) - 60 } }));
      expectOAuthError(res, 401, 'invalid_id_token');
    });

    it('a token with a forged signature: 401 invalid_id_token', async () => {
      const res = await callbackAnswered(app, async (nonce) => {
        const tokens = await suite.t.idp.issueTokens({ username: 'alice', clientId: 'localwebclient', nonce });
        const [h, p] = tokens.id_token.split('.');
        const payload = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
        const forged = Buffer.from(JSON.stringify({ ...payload, 'cognito:username': 'admin' })).toString('base64url');
        return { ...tokens, id_token: `${h}.${forged}.${tokens.id_token.split('.')[2]}` };
      });
      expectOAuthError(res, 401, 'invalid_id_token');
    });

    it('JSON without tokens, or a 500: 502 cognito_bad_response', async () => {
      expectOAuthError(await callbackAnswered(app, async () => ({ hello: 'world' })), 502, 'cognito_bad_response');
      expectOAuthError(await callbackAnswered(app, async () => ({ error: 'server_error' }), 500), 502, 'cognito_bad_response');
      expectOAuthError(await callbackAnswered(app, async () => ['not', 'an', 'object']), 502, 'cognito_bad_response');
    });

    it('a non-numeric expires_in or non-string tokens: 502, not a crash', async () => {
      expectOAuthError(await callbackAnswered(app, async () => ({ access_token: 42, expires_in: 3600, token_type: 'Bearer' })), 502, 'cognito_bad_response');
      const nested = await callbackAnswered(app, async (nonce) => ({ ...(await suite.t.idp.issueTokens({ username: 'alice', nonce })), id_token: { nested: true } }));
      expectOAuthError(nested, 502, 'cognito_bad_response');
    });
  });

  it('the guarded routes still answer after all of this', async () => {
    await request(apps.web.getHttpServer()).get('/').expect(401);
  });
});
