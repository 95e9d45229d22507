import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import {
  CognitoIdentityProviderClient,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DEMO_USERS, HostedUiBrowser } from '../../src/local-cognito/index.js';
import { authorizeUrl, CALLBACK, codeFlowTokens, signIn, startHarness, token, WEB, type Harness } from './helpers.js';

const API = { clientId: 'apiclient' };
const SECRET = { clientId: 'apisecretclient', clientSecret: 'apisecretclient-secret' };
const ROTATING = { clientId: 'apirotating' };

const secretHash = (username: string) => createHmac('sha256', SECRET.clientSecret).update(username + SECRET.clientId).digest('base64');

/** The SDK's error, reduced to what Cognito sends: the exception name and its message. */
async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

describe('local cognito: user-pool API with the AWS SDK', () => {
  let h: Harness;
  let sdk: CognitoIdentityProviderClient;
  beforeAll(async () => {
    h = await startHarness({
      pool: {
        region: 'eu-west-1',
        resourceServers: [{ identifier: 'demo-api', scopes: ['read'] }],
        clients: [
          { clientId: WEB.clientId, clientSecret: WEB.clientSecret, callbackUrls: [CALLBACK], allowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'] },
          { clientId: 'openidonly', callbackUrls: [CALLBACK], allowedOAuthScopes: ['openid', 'email'] },
          { clientId: API.clientId, explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], preventUserExistenceErrors: false },
          { clientId: SECRET.clientId, clientSecret: SECRET.clientSecret, explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
          { clientId: ROTATING.clientId, explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], refreshTokenRotation: true, retryGracePeriodSeconds: 0 },
          { clientId: 'srponly' },
        ],
        users: [
          { ...DEMO_USERS.alice, groups: ['admin'], attributes: { email: 'alice@example.com', email_verified: true, name: 'Alice' } },
          { ...DEMO_USERS.bob, attributes: { email: 'bob@example.com' } },
          { username: 'newbie', password: 'Newbie-Passw0rd!', confirmed: false },
        ],
      },
    });
    sdk = new CognitoIdentityProviderClient(h.cognito.sdkConfig());
  });
  afterAll(async () => {
    sdk.destroy();
    await h.cognito.stop();
  });

  const passwordAuth = (clientId: string, username: string, password: string, extra: Record<string, string> = {}) =>
    sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: password, ...extra } }));

  it('gives the SDK its endpoint, region and dummy credentials', () => {
    expect(h.cognito.sdkConfig()).toEqual({ endpoint: h.cognito.url, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });

  it('signs in with USER_PASSWORD_AUTH and answers GetUser', async () => {
    const result = await passwordAuth(API.clientId, 'alice', DEMO_USERS.alice.password);
    const auth = result.AuthenticationResult!;
    expect(auth).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 3600 });
    expect(decodeJwt(auth.AccessToken!)).toMatchObject({ client_id: API.clientId, scope: 'aws.cognito.signin.user.admin', username: 'alice', token_use: 'access', 'cognito:groups': ['admin'] });
    expect(decodeJwt(auth.IdToken!)).toMatchObject({ aud: API.clientId, 'cognito:username': 'alice', email: 'alice@example.com' });
    expect(auth.RefreshToken).toEqual(expect.any(String));

    const user = await sdk.send(new GetUserCommand({ AccessToken: auth.AccessToken }));
    expect(user.Username).toBe('alice');
    expect(user.UserAttributes).toEqual(expect.arrayContaining([
      { Name: 'sub', Value: decodeJwt(auth.AccessToken!).sub },
      { Name: 'email', Value: 'alice@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ]));
    // API tokens have no openid scope: userInfo refuses them, as Cognito's does.
    expect((await fetch(`${h.cognito.url}/oauth2/userInfo`, { headers: { authorization: `Bearer ${auth.AccessToken}` } })).status).toBe(401);
  });

  it('refuses USER_PASSWORD_AUTH with Cognito\'s errors', async () => {
    expect(await failure(passwordAuth('srponly', 'alice', DEMO_USERS.alice.password))).toEqual({ name: 'InvalidParameterException', message: 'USER_PASSWORD_AUTH flow not enabled for this client', status: 400 });
    expect(await failure(passwordAuth('nope', 'alice', 'x'))).toMatchObject({ name: 'ResourceNotFoundException', message: 'User pool client nope does not exist.' });
    expect(await failure(passwordAuth(API.clientId, 'alice', 'wrong'))).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect(await failure(passwordAuth(API.clientId, 'mallory', 'x'))).toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' });
    expect(await failure(passwordAuth(SECRET.clientId, 'mallory', 'x', { SECRET_HASH: secretHash('mallory') }))).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect(await failure(passwordAuth(API.clientId, 'newbie', 'Newbie-Passw0rd!'))).toMatchObject({ name: 'UserNotConfirmedException' });
    expect(await failure(sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: API.clientId, AuthParameters: { USERNAME: 'alice' } })))).toMatchObject({
      name: 'InvalidParameterException',
      message: 'Missing required parameter PASSWORD',
    });
    expect(await failure(sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId: 'srponly', AuthParameters: { USERNAME: 'alice', SRP_A: 'x' } })))).toMatchObject({ name: 'InvalidParameterException' });
  });

  it('checks SECRET_HASH for a client with a secret', async () => {
    expect(await failure(passwordAuth(SECRET.clientId, 'alice', DEMO_USERS.alice.password))).toMatchObject({
      name: 'NotAuthorizedException',
      message: `Client ${SECRET.clientId} is configured with secret but SECRET_HASH was not received`,
    });
    expect(await failure(passwordAuth(SECRET.clientId, 'alice', DEMO_USERS.alice.password, { SECRET_HASH: secretHash('bob') }))).toMatchObject({
      name: 'NotAuthorizedException',
      message: `Unable to verify secret hash for client ${SECRET.clientId}`,
    });
    const ok = await passwordAuth(SECRET.clientId, 'alice', DEMO_USERS.alice.password, { SECRET_HASH: secretHash('alice') });
    const refresh = ok.AuthenticationResult!.RefreshToken!;
    const refreshAuth = (hash?: string) =>
      sdk.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: SECRET.clientId, AuthParameters: { REFRESH_TOKEN: refresh, ...(hash ? { SECRET_HASH: hash } : {}) } }));
    expect(await failure(refreshAuth())).toMatchObject({ name: 'NotAuthorizedException' });
    expect((await refreshAuth(secretHash('alice'))).AuthenticationResult!.AccessToken).toEqual(expect.any(String));
  });

  it('refreshes with REFRESH_TOKEN_AUTH: new tokens, no new refresh token; forged tokens refused', async () => {
    const first = (await passwordAuth(API.clientId, 'alice', DEMO_USERS.alice.password)).AuthenticationResult!;
    const refreshed = (await sdk.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: API.clientId, AuthParameters: { REFRESH_TOKEN: first.RefreshToken! } }))).AuthenticationResult!;
    expect(refreshed.RefreshToken).toBeUndefined();
    expect(refreshed.IdToken).toEqual(expect.any(String));
    expect(decodeJwt(refreshed.AccessToken!).origin_jti).toBe(decodeJwt(first.AccessToken!).origin_jti);
    for (const forged of ['made-up', `${first.RefreshToken!.slice(0, -2)}AA`]) {
      expect(await failure(sdk.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: API.clientId, AuthParameters: { REFRESH_TOKEN: forged } })))).toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Invalid Refresh Token',
      });
    }
  });

  it('refuses REFRESH_TOKEN_AUTH when rotation is on; GetTokensFromRefreshToken rotates', async () => {
    const first = (await passwordAuth(ROTATING.clientId, 'alice', DEMO_USERS.alice.password)).AuthenticationResult!;
    expect(await failure(sdk.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: ROTATING.clientId, AuthParameters: { REFRESH_TOKEN: first.RefreshToken! } })))).toMatchObject({
      name: 'InvalidParameterException',
    });
    const rotated = (await sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: ROTATING.clientId, RefreshToken: first.RefreshToken! }))).AuthenticationResult!;
    expect(rotated.RefreshToken).toEqual(expect.any(String));
    expect(rotated.RefreshToken).not.toBe(first.RefreshToken);
    // Grace period 0: the old token is done at once.
    expect(await failure(sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: ROTATING.clientId, RefreshToken: first.RefreshToken! })))).toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('GetUser needs the aws.cognito.signin.user.admin scope and a live token', async () => {
    const openidOnly = await token(h.cognito, {
      grant_type: 'authorization_code',
      client_id: 'openidonly',
      redirect_uri: CALLBACK,
      code: (await signIn(new HostedUiBrowser(), authorizeUrl(h.cognito, { client_id: 'openidonly' }))).searchParams.get('code')!,
    });
    expect(await failure(sdk.send(new GetUserCommand({ AccessToken: openidOnly.body.access_token as string })))).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Access Token does not have required scopes',
    });
    expect(await failure(sdk.send(new GetUserCommand({ AccessToken: 'not.a.token' })))).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Access Token' });
    const short = await h.cognito.issueTokens({ username: 'alice', accessTokenValiditySeconds: 300 });
    h.advance(301_000);
    expect(await failure(sdk.send(new GetUserCommand({ AccessToken: short.access_token })))).toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has expired' });
  });

  it('GlobalSignOut ends every refresh token of the user and the tokens issued from them, not the hosted-UI session', async () => {
    const browser = new HostedUiBrowser();
    await signIn(browser, authorizeUrl(h.cognito, {}), DEMO_USERS.bob);
    const web = await codeFlowTokens(h.cognito, {}, DEMO_USERS.bob);
    const api = (await passwordAuth(API.clientId, 'bob', DEMO_USERS.bob.password)).AuthenticationResult!;
    const alice = (await passwordAuth(API.clientId, 'alice', DEMO_USERS.alice.password)).AuthenticationResult!;

    await sdk.send(new GlobalSignOutCommand({ AccessToken: api.AccessToken }));

    expect(await failure(sdk.send(new GetUserCommand({ AccessToken: api.AccessToken })))).toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    expect(await failure(sdk.send(new GetUserCommand({ AccessToken: web.access_token as string })))).toMatchObject({ name: 'NotAuthorizedException' });
    expect((await fetch(`${h.cognito.url}/oauth2/userInfo`, { headers: { authorization: `Bearer ${web.access_token}` } })).status).toBe(401);
    expect(await token(h.cognito, { grant_type: 'refresh_token', refresh_token: web.refresh_token as string }, WEB)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await failure(sdk.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: API.clientId, AuthParameters: { REFRESH_TOKEN: api.RefreshToken! } })))).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Refresh Token has been revoked',
    });
    // Other users are untouched, and the `cognito` cookie still signs bob in silently.
    expect((await sdk.send(new GetUserCommand({ AccessToken: alice.AccessToken }))).Username).toBe('alice');
    const silent = await browser.open(authorizeUrl(h.cognito, {}));
    expect(silent.leftTo?.searchParams.get('code')).toBeTruthy();
  });

  it('RevokeToken ends one refresh token and the access tokens issued from it', async () => {
    const one = (await passwordAuth(API.clientId, 'alice', DEMO_USERS.alice.password)).AuthenticationResult!;
    const two = (await passwordAuth(API.clientId, 'alice', DEMO_USERS.alice.password)).AuthenticationResult!;
    expect(await failure(sdk.send(new RevokeTokenCommand({ ClientId: API.clientId, Token: one.AccessToken! })))).toMatchObject({ name: 'UnsupportedTokenTypeException' });
    expect(await failure(sdk.send(new RevokeTokenCommand({ ClientId: SECRET.clientId, Token: one.RefreshToken! })))).toMatchObject({ name: 'NotAuthorizedException' });
    await sdk.send(new RevokeTokenCommand({ ClientId: API.clientId, Token: one.RefreshToken! }));
    expect(await failure(sdk.send(new GetUserCommand({ AccessToken: one.AccessToken })))).toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    expect((await sdk.send(new GetUserCommand({ AccessToken: two.AccessToken }))).Username).toBe('alice');
    // Unknown tokens are accepted silently, as by /oauth2/revoke.
    await sdk.send(new RevokeTokenCommand({ ClientId: API.clientId, Token: 'unknown' }));
  });

  it('/oauth2/revoke also cuts the access tokens off GetUser', async () => {
    const tokens = await codeFlowTokens(h.cognito, {});
    const revoke = await fetch(`${h.cognito.url}/oauth2/revoke`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${WEB.clientId}:${WEB.clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({ token: tokens.refresh_token as string }),
    });
    expect(revoke.status).toBe(200);
    expect(await failure(sdk.send(new GetUserCommand({ AccessToken: tokens.access_token as string })))).toMatchObject({ message: 'Access Token has been revoked' });
  });

  it('speaks the wire protocol: 400 with __type for every error', async () => {
    const call = (target: string | undefined, body: string, contentType = 'application/x-amz-json-1.1') =>
      fetch(`${h.cognito.url}/`, { method: 'POST', headers: { 'content-type': contentType, ...(target ? { 'x-amz-target': target } : {}) }, body });
    const cases: [Response, string][] = [
      [await call(undefined, '{}'), 'UnknownOperationException'],
      [await call('AWSCognitoIdentityProviderService.AdminCreateUser', '{}'), 'UnknownOperationException'],
      [await call('AWSCognitoIdentityProviderService.GetUser', '{not json'), 'SerializationException'],
      [await call('AWSCognitoIdentityProviderService.GetUser', '[]'), 'SerializationException'],
      [await call('AWSCognitoIdentityProviderService.GetUser', '{}', 'text/plain'), 'SerializationException'],
      [await call('AWSCognitoIdentityProviderService.GetUser', '{}'), 'InvalidParameterException'],
      [await call('AWSCognitoIdentityProviderService.GetUser', '{"AccessToken": 5}'), 'InvalidParameterException'],
      [await call('AWSCognitoIdentityProviderService.InitiateAuth', '{"AuthFlow":"NOPE","ClientId":"apiclient"}'), 'InvalidParameterException'],
      [await call('AWSCognitoIdentityProviderService.InitiateAuth', '{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"apiclient","AuthParameters":{"USERNAME":1}}'), 'InvalidParameterException'],
      [await call('AWSCognitoIdentityProviderService.__proto__', '{}'), 'UnknownOperationException'],
    ];
    for (const [response, type] of cases) {
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
      const body = (await response.json()) as { __type: string; message: string };
      expect(body.__type).toBe(type);
      expect(body.message.length).toBeGreaterThan(0);
    }
    expect((await fetch(`${h.cognito.url}/`, { method: 'OPTIONS' })).status).toBe(204);
  });
});
