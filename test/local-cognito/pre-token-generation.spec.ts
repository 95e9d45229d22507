import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { DEMO_USERS, HostedUiBrowser, LocalCognito, type LocalPoolConfig, type PreTokenGenerationEvent, type PreTokenGenerationHandler } from '../../src/local-cognito/index.js';
import { authorizeUrl, CALLBACK, codeFlowTokens, M2M, postForm, signIn, startHarness, token, WEB, type Harness } from './helpers.js';

/** A pool whose trigger does whatever the current test sets in `hook`. */
function poolWith(lambdaVersion: 'V1_0' | 'V2_0' | 'V3_0', events: PreTokenGenerationEvent[], hook: { current: PreTokenGenerationHandler }): LocalPoolConfig {
  return {
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_Hooks',
    preTokenGeneration: {
      lambdaVersion,
      handler: async (event) => {
        events.push(structuredClone(event));
        return hook.current(event);
      },
    },
    resourceServers: [{ identifier: 'demo-api', scopes: ['read', 'write'] }],
    clients: [
      { clientId: WEB.clientId, clientSecret: WEB.clientSecret, callbackUrls: [CALLBACK], allowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin', 'demo-api/read'] },
      { clientId: M2M.clientId, clientSecret: M2M.clientSecret, allowedOAuthFlows: ['client_credentials'], allowedOAuthScopes: ['demo-api/read', 'demo-api/write'] },
    ],
    users: [
      { ...DEMO_USERS.alice, groups: ['admin'], attributes: { email: 'alice@example.com', email_verified: true, 'custom:tenant': 'acme' } },
    ],
  };
}

const unchanged: PreTokenGenerationHandler = (event) => event;

describe('local cognito: pre token generation, V1_0', () => {
  let h: Harness;
  const events: PreTokenGenerationEvent[] = [];
  const hook = { current: unchanged };
  beforeAll(async () => {
    h = await startHarness({ pool: poolWith('V1_0', events, hook) });
  });
  afterAll(() => h.cognito.stop());

  it('sends Cognito\'s event at hosted-UI sign-in and changes only the ID token (groups apart)', async () => {
    hook.current = (event) => {
      event.response = {
        claimsOverrideDetails: {
          claimsToAddOrOverride: { tenant: 'acme', email: 'alias@example.com' },
          claimsToSuppress: ['custom:tenant'],
          groupOverrideDetails: { groupsToOverride: ['readers'], iamRolesToOverride: ['arn:aws:iam::123456789012:role/reader'], preferredRole: 'arn:aws:iam::123456789012:role/reader' },
        },
      };
      return event;
    };
    events.length = 0;
    const tokens = await codeFlowTokens(h.cognito, { scope: 'openid email' });
    expect(events).toHaveLength(1);
    expect(events[0]).toEqual({
      version: '1',
      triggerSource: 'TokenGeneration_HostedAuth',
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_Hooks',
      userName: 'alice',
      callerContext: { awsSdkVersion: expect.any(String), clientId: WEB.clientId },
      request: {
        userAttributes: expect.objectContaining({ sub: expect.any(String), email: 'alice@example.com', email_verified: 'true', 'custom:tenant': 'acme' }),
        groupConfiguration: { groupsToOverride: ['admin'], iamRolesToOverride: [], preferredRole: null },
      },
      response: { claimsOverrideDetails: null },
    });
    const id = decodeJwt(tokens.id_token as string);
    const access = decodeJwt(tokens.access_token as string);
    expect(id).toMatchObject({ tenant: 'acme', email: 'alias@example.com', 'cognito:groups': ['readers'], 'cognito:roles': ['arn:aws:iam::123456789012:role/reader'], 'cognito:preferred_role': 'arn:aws:iam::123456789012:role/reader' });
    expect(id).not.toHaveProperty('custom:tenant');
    expect(access).not.toHaveProperty('tenant');
    expect(access['cognito:groups']).toEqual(['readers']);
    expect(access.scope).toBe('openid email');
  });

  it('runs again on refresh, with TokenGeneration_RefreshTokens', async () => {
    hook.current = unchanged;
    const tokens = await codeFlowTokens(h.cognito, { scope: 'openid' });
    hook.current = (event) => ({ ...event, response: { claimsOverrideDetails: { claimsToAddOrOverride: { refreshed: 'yes' } } } });
    events.length = 0;
    const refreshed = await token(h.cognito, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string, aws_client_metadata: JSON.stringify({ reason: 'test' }) }, WEB);
    expect(refreshed.status).toBe(200);
    expect(events[0]).toMatchObject({ triggerSource: 'TokenGeneration_RefreshTokens', request: { clientMetadata: { reason: 'test' } } });
    expect(decodeJwt(refreshed.body.id_token as string).refreshed).toBe('yes');
  });

  it('takes only string values in V1_0 and leaves groups alone without groupOverrideDetails', async () => {
    hook.current = (event) => ({ ...event, response: { claimsOverrideDetails: { claimsToAddOrOverride: { n: 1 as unknown as string } } } });
    await expect(h.cognito.issueTokens({ username: 'alice' })).rejects.toThrow('Invalid lambda function output : claimsOverrideDetails.claimsToAddOrOverride["n"] must be a string');
    hook.current = (event) => ({ ...event, response: { claimsOverrideDetails: { claimsToAddOrOverride: { a: 'b' } } } });
    expect(decodeJwt((await h.cognito.issueTokens({ username: 'alice' })).id_token)['cognito:groups']).toEqual(['admin']);
  });

  it('is not sent for client credentials', async () => {
    events.length = 0;
    await h.cognito.issueClientToken({ clientId: M2M.clientId });
    expect(events).toHaveLength(0);
  });
});

describe('local cognito: pre token generation, V2_0 and V3_0', () => {
  let h: Harness;
  const events: PreTokenGenerationEvent[] = [];
  const hook = { current: unchanged };
  beforeAll(async () => {
    h = await startHarness({ pool: poolWith('V2_0', events, hook) });
  });
  afterAll(() => h.cognito.stop());

  it('customizes both tokens and the access token scopes', async () => {
    hook.current = async (event) => {
      event.response.claimsAndScopeOverrideDetails = {
        idTokenGeneration: { claimsToAddOrOverride: { plan: 'pro' }, claimsToSuppress: ['email'] },
        accessTokenGeneration: {
          claimsToAddOrOverride: { tenant: { id: 'acme', tier: 2 }, roles: ['a', 'b'], active: true },
          claimsToSuppress: ['auth_hint'],
          scopesToAdd: ['demo-api/write', 'extra/scope'],
          scopesToSuppress: ['email', 'extra/scope'],
        },
        groupOverrideDetails: null,
      };
      return event;
    };
    events.length = 0;
    const tokens = await codeFlowTokens(h.cognito, { scope: 'openid email demo-api/read' });
    expect(events[0]).toMatchObject({ version: '2', triggerSource: 'TokenGeneration_HostedAuth', request: { scopes: ['openid', 'email', 'demo-api/read'] }, response: { claimsAndScopeOverrideDetails: null } });
    const id = decodeJwt(tokens.id_token as string);
    const access = decodeJwt(tokens.access_token as string);
    expect(id).toMatchObject({ plan: 'pro' });
    expect(id).not.toHaveProperty('email');
    expect(id).not.toHaveProperty('cognito:groups');
    expect(access).toMatchObject({ tenant: { id: 'acme', tier: 2 }, roles: ['a', 'b'], active: true, scope: 'openid demo-api/read demo-api/write' });
    expect(access).not.toHaveProperty('plan');
    expect(access).not.toHaveProperty('cognito:groups');
  });

  it('is not sent for client credentials below V3_0', async () => {
    events.length = 0;
    const result = await token(h.cognito, { grant_type: 'client_credentials' }, M2M);
    expect(result.status).toBe(200);
    expect(events).toHaveLength(0);
  });

  it('refuses claims Cognito sets, failing the sign-in with the trigger error', async () => {
    const refused: [Record<string, unknown>, RegExp][] = [
      [{ idTokenGeneration: { claimsToAddOrOverride: { sub: 'x' } } }, /cannot add or override the claim "sub" in the id token/],
      [{ idTokenGeneration: { claimsToSuppress: ['aud'] } }, /cannot suppress the claim "aud"/],
      [{ accessTokenGeneration: { claimsToAddOrOverride: { client_id: 'x' } } }, /"client_id"/],
      [{ accessTokenGeneration: { claimsToAddOrOverride: { username: 'x' } } }, /"username" in the access token/],
      [{ accessTokenGeneration: { claimsToSuppress: ['token_use'] } }, /"token_use"/],
      [{ accessTokenGeneration: { claimsToAddOrOverride: { scope: 'admin' } } }, /use scopesToAdd and scopesToSuppress/],
      [{ idTokenGeneration: { claimsToAddOrOverride: { 'cognito:groups': 'x' } } }, /use groupOverrideDetails/],
      [{ accessTokenGeneration: { claimsToSuppress: ['jti', 'origin_jti'] } }, /"jti"/],
      [{ idTokenGeneration: { claimsToAddOrOverride: { nonce: 'n' } } }, /"nonce"/],
    ];
    for (const [details, message] of refused) {
      hook.current = (event) => ({ ...event, response: { claimsAndScopeOverrideDetails: details } });
      const browser = new HostedUiBrowser();
      const login = await browser.open(authorizeUrl(h.cognito, {}));
      const result = await browser.submit(login, '/login', DEMO_USERS.alice);
      expect(result.status, JSON.stringify(details)).toBe(400);
      expect(result.leftTo).toBeUndefined();
      expect(result.message).toMatch(/^Invalid lambda function output : /);
      expect(result.message).toMatch(message);
      // A failed sign-in starts no session.
      expect(browser.cookie('cognito')).toBeUndefined();
    }
  });

  it('fails the request when the trigger throws, wherever tokens are made', async () => {
    hook.current = unchanged;
    const browser = new HostedUiBrowser();
    await signIn(browser, authorizeUrl(h.cognito, {}));
    const tokens = await codeFlowTokens(h.cognito, {});
    hook.current = async () => {
      throw new Error('tenant lookup failed');
    };
    const message = 'PreTokenGeneration failed with error tenant lookup failed.';

    const fresh = new HostedUiBrowser();
    expect((await fresh.submit(await fresh.open(authorizeUrl(h.cognito, {})), '/login', DEMO_USERS.alice)).message).toBe(message);

    // Within the session, the failure goes back to the client like other authorize errors.
    const silent = await browser.open(authorizeUrl(h.cognito, { state: 's' }));
    expect(Object.fromEntries(silent.leftTo!.searchParams)).toEqual({ error: 'invalid_request', error_description: message, state: 's' });

    const refreshed = await token(h.cognito, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string }, WEB);
    expect(refreshed).toEqual({ status: 400, body: { error: 'invalid_request', error_description: message } });
    await expect(h.cognito.issueTokens({ username: 'alice' })).rejects.toThrow(message);
  });

  it('needs the event back: a handler that returns nothing fails', async () => {
    hook.current = (() => undefined) as unknown as PreTokenGenerationHandler;
    await expect(h.cognito.issueTokens({ username: 'alice' })).rejects.toThrow(/Invalid lambda function output/);
  });

  it('V3_0 also customizes client-credentials tokens', async () => {
    const v3Events: PreTokenGenerationEvent[] = [];
    const v3 = await LocalCognito.start({
      logger: () => {},
      pool: poolWith('V3_0', v3Events, {
        current: (event) => ({ ...event, response: { claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride: { partner: 'acme' }, scopesToSuppress: ['demo-api/write'] } } } }),
      }),
    });
    try {
      const response = await postForm(`${v3.url}/oauth2/token`, { grant_type: 'client_credentials', client_id: M2M.clientId, client_secret: M2M.clientSecret });
      const body = (await response.json()) as { access_token: string };
      expect(decodeJwt(body.access_token)).toMatchObject({ partner: 'acme', scope: 'demo-api/read', client_id: M2M.clientId });
      expect(v3Events[0]).toMatchObject({
        version: '3',
        triggerSource: 'TokenGeneration_ClientCredentials',
        callerContext: { clientId: M2M.clientId },
        request: { scopes: ['demo-api/read', 'demo-api/write'] },
      });
    } finally {
      await v3.stop();
    }
  });
});

describe('local cognito: pre token generation from a pool file', () => {
  it('loads the handler module relative to the pool file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-cognito-hook-'));
    writeFileSync(join(dir, 'hook.mjs'), `export const handler = async (event) => {
  event.response = { claimsOverrideDetails: { claimsToAddOrOverride: { from_file: event.triggerSource } } };
  return event;
};
export const other = (event) => event;
`);
    writeFileSync(join(dir, 'pool.json'), JSON.stringify({
      userPoolId: 'local_FilePool',
      preTokenGeneration: { lambdaVersion: 'V1_0', handler: './hook.mjs' },
      clients: [{ clientId: 'fileclient', callbackUrls: [CALLBACK] }],
      users: [{ username: 'carol', password: 'Carol-Passw0rd!' }],
    }));
    const idp = await LocalCognito.start({ pool: join(dir, 'pool.json'), logger: () => {} });
    try {
      expect(decodeJwt((await idp.issueTokens({ username: 'carol' })).id_token).from_file).toBe('TokenGeneration_HostedAuth');
    } finally {
      await idp.stop();
    }

    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ preTokenGeneration: { lambdaVersion: 'V1_0', handler: './hook.mjs#missing' }, clients: [{ clientId: 'c' }] }));
    await expect(LocalCognito.start({ pool: join(dir, 'bad.json'), logger: () => {} })).rejects.toThrow(/exports no function "missing"/);
    writeFileSync(join(dir, 'gone.json'), JSON.stringify({ preTokenGeneration: { lambdaVersion: 'V9', handler: './nope.mjs' }, clients: [{ clientId: 'c' }] }));
    await expect(LocalCognito.start({ pool: join(dir, 'gone.json'), logger: () => {} })).rejects.toThrow(/lambdaVersion: must be "V1_0", "V2_0" or "V3_0"/);
  });
});
