import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { CognitoIdentityProviderClient, GetUserCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DEFAULT_POOL, DEMO_USERS, HostedUiBrowser, LocalCognito, type LocalPoolConfig } from '../../src/local-cognito/index.js';
import { authorizeUrl, CALLBACK, token } from './helpers.js';

const OTHER: LocalPoolConfig = {
  userPoolId: 'us-east-1_Partners',
  region: 'us-east-1',
  issuerFormat: 'updated',
  clients: [
    { clientId: 'partnerweb', clientSecret: 'partnerweb-secret', callbackUrls: [CALLBACK], allowedOAuthScopes: ['openid', 'email', 'aws.cognito.signin.user.admin'], explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] },
  ],
  users: [{ username: 'pat', password: 'Pat-Passw0rd!', attributes: { email: 'pat@partner.example' } }],
};

const getJson = async (url: string) => {
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  return response.json() as Promise<Record<string, unknown>>;
};

describe('local cognito: several pools in one provider', () => {
  let idp: LocalCognito;
  beforeAll(async () => {
    idp = await LocalCognito.start({ pools: [DEFAULT_POOL, OTHER], logger: () => {} });
  });
  afterAll(() => idp.stop());

  it('gives each pool its own issuer, keys and settings; the first pool stays the default', async () => {
    const [first, second] = idp.allPools();
    expect(first!.userPoolId).toBe('local_LocalPool1');
    expect(idp.issuer).toBe(`${idp.url}/local_LocalPool1`);
    expect(second).toBe(idp.pool('us-east-1_Partners'));
    expect(second!.issuer).toBe(`${idp.url}/issuer-cognito-idp/us-east-1_Partners`);
    expect(second!.settingsFor()).toEqual({
      region: 'us-east-1',
      userPoolId: 'us-east-1_Partners',
      clientId: 'partnerweb',
      clientSecret: 'partnerweb-secret',
      domain: idp.url,
      issuer: second!.issuer,
      jwksUri: `${second!.issuer}/.well-known/jwks.json`,
      apiEndpoint: `${idp.url}/`,
      redirectUri: CALLBACK,
    });
    const firstKids = first!.keyIds();
    const secondKids = second!.keyIds();
    expect(new Set([...firstKids, ...secondKids]).size).toBe(4);
    expect(((await getJson(first!.jwksUri)) as unknown as JSONWebKeySet).keys.map((k) => k.kid).sort()).toEqual([...firstKids].sort());
    expect(((await getJson(second!.jwksUri)) as unknown as JSONWebKeySet).keys.map((k) => k.kid).sort()).toEqual([...secondKids].sort());
    expect(() => idp.pool('nope_Pool')).toThrow(/no pool "nope_Pool"/);
  });

  it('serves discovery under each issuer, in both formats, naming the issuer it is served under', async () => {
    for (const pool of idp.allPools()) {
      for (const issuer of [`${idp.url}/${pool.userPoolId}`, `${idp.url}/issuer-cognito-idp/${pool.userPoolId}`]) {
        const config = await getJson(`${issuer}/.well-known/openid-configuration`);
        expect(config).toMatchObject({ issuer, jwks_uri: `${issuer}/.well-known/jwks.json`, token_endpoint: `${idp.url}/oauth2/token` });
        await getJson(`${issuer}/.well-known/jwks.json`);
      }
    }
    expect((await fetch(`${idp.url}/issuer-cognito-idp/unknown_Pool/.well-known/jwks.json`)).status).toBe(404);
  });

  it('routes the hosted UI, the token endpoint and the API by client id', async () => {
    const partner = idp.pool('us-east-1_Partners');
    const callback = await new HostedUiBrowser().signIn(authorizeUrl(idp, { client_id: 'partnerweb', scope: 'openid email' }), { username: 'pat', password: 'Pat-Passw0rd!' });
    const tokens = await token(idp, { grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: CALLBACK }, { clientId: 'partnerweb', clientSecret: 'partnerweb-secret' });
    expect(tokens.status).toBe(200);
    const keys = createLocalJWKSet((await getJson(partner.jwksUri)) as unknown as JSONWebKeySet);
    const id = await jwtVerify(tokens.body.id_token as string, keys, { issuer: partner.issuer, audience: 'partnerweb' });
    expect(id.payload.email).toBe('pat@partner.example');
    // The other pool's keys do not verify it, and its users do not exist there.
    await expect(jwtVerify(tokens.body.id_token as string, createLocalJWKSet((await getJson(idp.jwksUri)) as unknown as JSONWebKeySet))).rejects.toThrow();
    await expect(new HostedUiBrowser().signIn(authorizeUrl(idp, { client_id: 'partnerweb' }), DEMO_USERS.alice)).rejects.toThrow('Incorrect username or password.');

    const userInfo = await fetch(`${idp.url}/oauth2/userInfo`, { headers: { authorization: `Bearer ${tokens.body.access_token}` } });
    expect(await userInfo.json()).toMatchObject({ email: 'pat@partner.example', username: 'pat' });

    const sdk = new CognitoIdentityProviderClient(partner.sdkConfig());
    try {
      const hash = (await import('node:crypto')).createHmac('sha256', 'partnerweb-secret').update('patpartnerweb').digest('base64');
      const auth = await sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'partnerweb', AuthParameters: { USERNAME: 'pat', PASSWORD: 'Pat-Passw0rd!', SECRET_HASH: hash } }));
      expect(decodeJwt(auth.AuthenticationResult!.AccessToken!).iss).toBe(partner.issuer);
      expect((await sdk.send(new GetUserCommand({ AccessToken: auth.AuthenticationResult!.AccessToken }))).Username).toBe('pat');
    } finally {
      sdk.destroy();
    }
    // issueTokens on the provider finds the pool of the named client.
    expect(decodeJwt((await idp.issueTokens({ username: 'pat', clientId: 'partnerweb' })).access_token).iss).toBe(partner.issuer);
  });

  it('switches a pool\'s issuer format at run time; tokens of the old format stay valid', async () => {
    const pool = idp.pool('local_LocalPool1');
    const before = await pool.issueTokens({ username: 'alice' });
    expect(decodeJwt(before.access_token).iss).toBe(`${idp.url}/local_LocalPool1`);

    pool.setIssuerFormat('updated');
    try {
      expect(pool.issuerFormat).toBe('updated');
      expect(idp.settingsFor().issuer).toBe(`${idp.url}/issuer-cognito-idp/local_LocalPool1`);
      const after = await pool.issueTokens({ username: 'alice' });
      expect(decodeJwt(after.id_token).iss).toBe(`${idp.url}/issuer-cognito-idp/local_LocalPool1`);
      // Same keys under both issuers.
      expect(decodeProtectedHeader(after.access_token).kid).toBe(decodeProtectedHeader(before.access_token).kid);
      for (const t of [before, after]) {
        expect((await fetch(`${idp.url}/oauth2/userInfo`, { headers: { authorization: `Bearer ${t.access_token}` } })).status).toBe(200);
      }
      expect(() => pool.setIssuerFormat('global' as never)).toThrow(/issuer format/);
    } finally {
      pool.setIssuerFormat('original');
    }
  });
});

describe('local cognito: pool set validation', () => {
  it('refuses duplicate pool ids, shared client ids, and pool with pools', async () => {
    await expect(LocalCognito.start({ pools: [DEFAULT_POOL, DEFAULT_POOL], logger: () => {} })).rejects.toThrow(/"local_LocalPool1" is used by another pool/);
    await expect(LocalCognito.start({ pools: [DEFAULT_POOL, { ...DEFAULT_POOL, userPoolId: 'local_Other' }], logger: () => {} })).rejects.toThrow(/"localwebclient" is already a client of local_LocalPool1/);
    await expect(LocalCognito.start({ pool: DEFAULT_POOL, pools: [OTHER], logger: () => {} })).rejects.toThrow(/either "pool" or "pools"/);
    await expect(LocalCognito.start({ pools: [], logger: () => {} })).rejects.toThrow(/at least one pool/);
    await expect(LocalCognito.start({ pools: [{ ...OTHER, issuerFormat: 'global' as never }], logger: () => {} })).rejects.toThrow(/issuerFormat: must be "original" or "updated"/);
  });

  it('keeps each pool\'s keys in its own file', async () => {
    const keysFile = join(mkdtempSync(join(tmpdir(), 'local-cognito-keys-')), 'keys.json');
    const first = await LocalCognito.start({ pools: [DEFAULT_POOL, OTHER], keysFile, logger: () => {} });
    const kids = first.allPools().map((p) => p.keyIds());
    await first.stop();
    const second = await LocalCognito.start({ pools: [DEFAULT_POOL, OTHER], keysFile, logger: () => {} });
    try {
      expect(second.allPools().map((p) => p.keyIds())).toEqual(kids);
    } finally {
      await second.stop();
    }
  });
});
