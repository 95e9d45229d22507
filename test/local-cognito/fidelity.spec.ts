import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { CognitoIdentityProviderClient, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DEMO_USERS, HostedUiBrowser } from '../../src/local-cognito/index.js';
import { authorizeUrl, basic, CALLBACK, codeFlowTokens, pkce, postForm, signIn, startHarness, token, WEB, type Harness } from './helpers.js';

const ROTATING = { clientId: 'rotating', clientSecret: 'rotating-secret' };

/** Where other emulators drift from Cognito; one test per point. */
describe('local cognito: fidelity to Cognito', () => {
  let h: Harness;
  let sdk: CognitoIdentityProviderClient;
  beforeAll(async () => {
    h = await startHarness({
      pool: {
        clients: [
          { clientId: WEB.clientId, clientSecret: WEB.clientSecret, callbackUrls: [CALLBACK], logoutUrls: ['http://localhost:3000/'], allowedOAuthScopes: ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'] },
          { ...ROTATING, callbackUrls: [CALLBACK], refreshTokenRotation: true, retryGracePeriodSeconds: 30, refreshTokenValiditySeconds: 3600 },
        ],
        users: [{ ...DEMO_USERS.alice, attributes: { email: 'alice@example.com', email_verified: true, phone_number: '+15555550100', phone_number_verified: false } }],
      },
    });
    sdk = new CognitoIdentityProviderClient(h.cognito.sdkConfig());
  });
  afterAll(async () => {
    sdk.destroy();
    await h.cognito.stop();
  });

  const refresh = (refreshToken: string, client: { clientId: string; clientSecret: string } = WEB) => token(h.cognito, { grant_type: 'refresh_token', refresh_token: refreshToken }, client);
  const userInfo = (accessToken: string) => fetch(`${h.cognito.url}/oauth2/userInfo`, { headers: { authorization: `Bearer ${accessToken}` } });

  it('access tokens carry client_id and no aud; ID tokens carry aud', async () => {
    const tokens = await codeFlowTokens(h.cognito);
    const access = decodeJwt(tokens.access_token as string);
    const id = decodeJwt(tokens.id_token as string);
    expect(access.client_id).toBe(WEB.clientId);
    expect(access).not.toHaveProperty('aud');
    expect(id.aud).toBe(WEB.clientId);
    expect(id).not.toHaveProperty('client_id');
  });

  it('both tokens carry jti and origin_jti; origin_jti is shared across a refresh, jti is not', async () => {
    const tokens = await codeFlowTokens(h.cognito);
    const refreshed = await refresh(tokens.refresh_token as string);
    const all = [tokens.access_token, tokens.id_token, refreshed.body.access_token, refreshed.body.id_token].map((t) => decodeJwt(t as string));
    for (const claims of all) {
      expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
      expect(claims.origin_jti).toBe(all[0]!.origin_jti);
    }
    expect(new Set(all.map((c) => c.jti)).size).toBe(4);
  });

  it('refresh tokens are opaque and unforgeable: made-up or tampered ones are invalid_grant', async () => {
    const real = (await codeFlowTokens(h.cognito)).refresh_token as string;
    expect(real.split('.')).toHaveLength(1);
    expect(() => decodeJwt(real)).toThrow();
    const flipped = `${real.slice(0, 10)}${real[10] === 'A' ? 'B' : 'A'}${real.slice(11)}`;
    for (const forged of ['made-up-token', flipped, `${real}x`, real.slice(0, -1)]) {
      expect(await refresh(forged)).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'Invalid Refresh Token' } });
    }
    expect((await refresh(real)).status).toBe(200);
  });

  it('without rotation a refresh returns no refresh token', async () => {
    const refreshed = await refresh((await codeFlowTokens(h.cognito)).refresh_token as string);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).not.toHaveProperty('refresh_token');
  });

  it('with rotation the old token works for the grace period, and the new one expires with the original', async () => {
    const { verifier, challenge } = pkce();
    const callback = await signIn(new HostedUiBrowser(), authorizeUrl(h.cognito, { client_id: ROTATING.clientId, code_challenge: challenge, code_challenge_method: 'S256' }));
    const first = await token(h.cognito, { grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: CALLBACK, code_verifier: verifier }, ROTATING);
    const original = first.body.refresh_token as string;

    h.advance(30 * 60_000);
    const rotated = await refresh(original, ROTATING);
    const next = rotated.body.refresh_token as string;
    expect(next).toEqual(expect.any(String));
    expect(next).not.toBe(original);
    h.advance(29_000);
    expect((await refresh(original, ROTATING)).status).toBe(200); // inside the 30 s grace period
    h.advance(1_000);
    expect((await refresh(original, ROTATING)).body.error).toBe('invalid_grant');

    // The original was issued for 3600 s; its successor ends at the same moment.
    h.advance(30 * 60_000 - 30_000 - 1_000);
    const lastGood = await refresh(next, ROTATING);
    expect(lastGood.status).toBe(200);
    h.advance(1_000);
    expect((await refresh(lastGood.body.refresh_token as string, ROTATING)).body.error).toBe('invalid_grant');
    expect((await refresh(next, ROTATING)).body.error).toBe('invalid_grant');
  });

  it('/oauth2/revoke kills the refresh token and the tokens issued from it, for userInfo and GetUser', async () => {
    const tokens = await codeFlowTokens(h.cognito);
    const refreshed = await refresh(tokens.refresh_token as string);
    const other = await codeFlowTokens(h.cognito);
    const revoke = await postForm(`${h.cognito.url}/oauth2/revoke`, { token: tokens.refresh_token as string }, { authorization: basic(WEB.clientId, WEB.clientSecret) });
    expect(revoke.status).toBe(200);
    for (const accessToken of [tokens.access_token, refreshed.body.access_token] as string[]) {
      expect((await userInfo(accessToken)).status).toBe(401);
      await expect(sdk.send(new GetUserCommand({ AccessToken: accessToken }))).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    }
    expect((await refresh(tokens.refresh_token as string)).body.error).toBe('invalid_grant');
    expect((await userInfo(other.access_token as string)).status).toBe(200);
  });

  it('the hosted-UI cognito cookie lasts an hour and signs the user in silently until /logout', async () => {
    const browser = new HostedUiBrowser();
    await signIn(browser, authorizeUrl(h.cognito, {}));
    const silently = async () => (await browser.open(authorizeUrl(h.cognito, {}))).leftTo?.searchParams.has('code') ?? false;
    h.advance(59 * 60_000);
    expect(await silently()).toBe(true);
    h.advance(60_000);
    expect(await silently()).toBe(false);

    await signIn(browser, authorizeUrl(h.cognito, {}));
    expect(await silently()).toBe(true);
    const out = await browser.open(`${h.cognito.url}/logout?client_id=${WEB.clientId}&logout_uri=${encodeURIComponent('http://localhost:3000/')}`);
    expect(out.leftTo?.href).toBe('http://localhost:3000/');
    expect(browser.cookie('cognito')).toBeUndefined();
    expect(await silently()).toBe(false);
  });

  it('PKCE is S256 only', async () => {
    const plain = await new HostedUiBrowser().open(authorizeUrl(h.cognito, { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain', state: 's' }));
    expect(Object.fromEntries(plain.leftTo!.searchParams)).toMatchObject({ error: 'invalid_request', state: 's' });
    const discovery = (await (await fetch(`${h.cognito.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
  });

  it('userInfo needs openid and answers string booleans', async () => {
    const withOpenid = await codeFlowTokens(h.cognito, { scope: 'openid email phone' });
    const response = await userInfo(withOpenid.access_token as string);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ email_verified: 'true', phone_number_verified: 'false' });
    expect(decodeJwt(withOpenid.id_token as string)).toMatchObject({ email_verified: true, phone_number_verified: false });

    const withoutOpenid = await codeFlowTokens(h.cognito, { scope: 'aws.cognito.signin.user.admin' });
    expect((await userInfo(withoutOpenid.access_token as string)).status).toBe(401);
  });
});
