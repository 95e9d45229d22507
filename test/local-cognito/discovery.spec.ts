import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeProtectedHeader } from 'jose';
import { request } from 'node:http';
import { codeFlowTokens, startHarness, type Harness } from './helpers.js';

describe('local cognito: discovery and JWKS', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.cognito.stop());

  it('exposes Cognito-shaped URLs on localhost', () => {
    const { cognito } = h;
    expect(cognito.url).toBe(`http://localhost:${cognito.port}`);
    expect(cognito.issuer).toBe(`http://localhost:${cognito.port}/local_LocalPool1`);
    expect(cognito.jwksUri).toBe(`${cognito.issuer}/.well-known/jwks.json`);
    expect(cognito.userPoolId).toBe('local_LocalPool1');
    expect(cognito.region).toBe('local');
    expect(cognito.settingsFor()).toEqual({
      region: 'local',
      userPoolId: 'local_LocalPool1',
      clientId: 'localwebclient',
      clientSecret: 'localwebclient-secret',
      domain: cognito.url,
      issuer: cognito.issuer,
      jwksUri: cognito.jwksUri,
      apiEndpoint: `${cognito.url}/`,
      redirectUri: 'http://localhost:3000/auth/callback',
      logoutUri: 'http://localhost:3000/',
    });
    expect(cognito.settingsFor('localspaclient')).not.toHaveProperty('clientSecret');
  });

  it('serves the OpenID configuration under the issuer', async () => {
    const response = await fetch(`${h.cognito.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as Record<string, unknown>;
    const base = h.cognito.url;
    expect(doc).toMatchObject({
      issuer: h.cognito.issuer,
      jwks_uri: h.cognito.jwksUri,
      authorization_endpoint: `${base}/oauth2/authorize`,
      token_endpoint: `${base}/oauth2/token`,
      userinfo_endpoint: `${base}/oauth2/userInfo`,
      revocation_endpoint: `${base}/oauth2/revoke`,
      end_session_endpoint: `${base}/logout`,
      response_types_supported: ['code'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    });
    expect(doc.scopes_supported).toEqual(expect.arrayContaining(['openid', 'email', 'profile', 'phone']));
  });

  it('publishes two RS256 keys, one for ID tokens and one for access tokens', async () => {
    const jwks = (await (await fetch(h.cognito.jwksUri)).json()) as { keys: Record<string, string>[] };
    expect(jwks.keys).toHaveLength(2);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
      expect(key.n).toBeTruthy();
      expect(key.e).toBe('AQAB');
      expect(key).not.toHaveProperty('d');
    }
    const tokens = await codeFlowTokens(h.cognito);
    const idKid = decodeProtectedHeader(tokens.id_token as string).kid;
    const accessKid = decodeProtectedHeader(tokens.access_token as string).kid;
    expect(idKid).not.toBe(accessKid);
    expect(jwks.keys.map((k) => k.kid).sort()).toEqual([idKid, accessKid].sort());
  });

  it('answers on localhost for both fetch and http.request', async () => {
    expect((await fetch(h.cognito.jwksUri)).status).toBe(200);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request(h.cognito.jwksUri, (res) => {
        res.resume();
        resolve(res.statusCode);
      }).on('error', reject).end();
    });
    expect(status).toBe(200);
  });

  it('404s other pools and unknown paths, 405s wrong methods', async () => {
    expect((await fetch(`${h.cognito.url}/local_Other/.well-known/jwks.json`)).status).toBe(404);
    expect((await fetch(`${h.cognito.url}/nope`)).status).toBe(404);
    expect((await fetch(`${h.cognito.url}/oauth2/token`)).status).toBe(405);
  });
});
