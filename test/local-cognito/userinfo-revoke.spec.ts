import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, codeFlowTokens, M2M, postForm, SPA, startHarness, token, WEB, type Harness } from './helpers.js';

const INVALID_TOKEN = 'error="invalid_token", error_description="Access token is expired, disabled, or deleted, or the user has globally signed out."';

describe('local cognito: userInfo and revoke', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.cognito.stop());

  const userInfo = (accessToken: string, scheme = 'Bearer') => fetch(`${h.cognito.url}/oauth2/userInfo`, { headers: { authorization: `${scheme} ${accessToken}` } });
  const revoke = (form: Record<string, string>, headers: Record<string, string> = { authorization: basic(WEB.clientId, WEB.clientSecret) }) =>
    postForm(`${h.cognito.url}/oauth2/revoke`, form, headers);

  it('returns attributes with verified flags as strings', async () => {
    const tokens = await codeFlowTokens(h.cognito, { scope: 'openid email profile' });
    const response = await userInfo(tokens.access_token as string);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ username: 'alice', email: 'alice@example.com', email_verified: 'true', 'custom:tenant': 'acme', name: 'Alice Example' });
    expect(body.sub).toBe(JSON.parse(Buffer.from((tokens.access_token as string).split('.')[1]!, 'base64url').toString()).sub);

    h.cognito.addUser({ username: 'carol', password: 'Carol-Passw0rd!', attributes: { phone_number: '+15555550100', phone_number_verified: false, email: 'c@example.com' } });
    const carol = await h.cognito.issueTokens({ username: 'carol', scopes: ['openid', 'phone'] });
    const carolInfo = (await (await userInfo(carol.access_token)).json()) as Record<string, unknown>;
    expect(carolInfo).toMatchObject({ username: 'carol', phone_number: '+15555550100', phone_number_verified: 'false' });
    expect(carolInfo).not.toHaveProperty('email');
  });

  it('answers 400 for a missing or malformed header and 401 for a bad token', async () => {
    const missing = await fetch(`${h.cognito.url}/oauth2/userInfo`);
    expect(missing.status).toBe(400);
    expect(missing.headers.get('www-authenticate')).toContain('error="invalid_request"');
    expect((await userInfo('abc', 'Basic')).status).toBe(400);

    const tokens = await codeFlowTokens(h.cognito);
    const cases = [
      tokens.id_token as string, // signed with the ID key
      (tokens.access_token as string).slice(0, -4) + 'AAAA',
      (await token(h.cognito, { grant_type: 'client_credentials' }, M2M)).body.access_token as string, // no openid
      (await h.cognito.issueTokens({ username: 'alice', scopes: ['email'] })).access_token,
    ];
    for (const bad of cases) {
      const response = await userInfo(bad);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(INVALID_TOKEN);
    }
  });

  it('rejects an expired access token', async () => {
    const tokens = await h.cognito.issueTokens({ username: 'bob', accessTokenValiditySeconds: 60 });
    expect((await userInfo(tokens.access_token)).status).toBe(200);
    h.advance(61_000);
    expect((await userInfo(tokens.access_token)).status).toBe(401);
  });

  it('revokes a refresh token and the access tokens issued from it', async () => {
    const tokens = await codeFlowTokens(h.cognito);
    const refreshed = await token(h.cognito, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string }, WEB);
    const other = await codeFlowTokens(h.cognito);

    const response = await revoke({ token: tokens.refresh_token as string });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect((await userInfo(tokens.access_token as string)).status).toBe(401);
    expect((await userInfo(refreshed.body.access_token as string)).status).toBe(401);
    expect((await token(h.cognito, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string }, WEB)).body.error).toBe('invalid_grant');
    // Other sign-ins of the same user are untouched.
    expect((await userInfo(other.access_token as string)).status).toBe(200);
    // Again, and unknown tokens: still 200.
    expect((await revoke({ token: tokens.refresh_token as string })).status).toBe(200);
    expect((await revoke({ token: 'unknown-token' })).status).toBe(200);
  });

  it('answers revoke errors like Cognito', async () => {
    const tokens = await codeFlowTokens(h.cognito);
    const missing = await revoke({});
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: string }).error).toBe('invalid_request');

    const jwt = await revoke({ token: tokens.access_token as string });
    expect(jwt.status).toBe(400);
    expect(((await jwt.json()) as { error: string }).error).toBe('unsupported_token_type');

    for (const headers of [{ authorization: basic(WEB.clientId, 'wrong') }, {}] as Record<string, string>[]) {
      const bad = await revoke({ token: tokens.refresh_token as string }, headers);
      expect(bad.status).toBe(401);
      expect(((await bad.json()) as { error: string }).error).toBe('invalid_client');
    }
    const noSecret = await revoke({ token: tokens.refresh_token as string, client_id: WEB.clientId }, {});
    expect(noSecret.status).toBe(401);

    // A public client revokes with its client_id only.
    const spa = await h.cognito.issueTokens({ username: 'alice', clientId: SPA.clientId });
    expect((await revoke({ token: spa.refresh_token, client_id: SPA.clientId }, {})).status).toBe(200);
    expect((await userInfo(spa.access_token)).status).toBe(401);
    // Still valid after all the failed attempts.
    expect((await userInfo(tokens.access_token as string)).status).toBe(200);
  });
});
