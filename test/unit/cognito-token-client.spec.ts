import { describe, expect, it } from 'vitest';
import {
  AccessTokenRejectedError,
  CognitoBadResponseError,
  CognitoRejectedClientError,
  CognitoUnavailableError,
  InvalidRequestError,
  RevocationFailedError,
  TokenRequestRejectedError,
  UnsupportedTokenTypeError,
} from '../../src/cognito/errors/oauth.errors.js';
import { cognitoEndpoints } from '../../src/cognito/oauth/cognito-endpoints.js';
import { CognitoTokenClient, type HttpFetch } from '../../src/cognito/oauth/cognito-token-client.js';

const DOMAIN = 'https://myapp.auth.eu-west-1.amazoncognito.com';
const PUBLIC = { clientId: 'spa' };
const CONFIDENTIAL = { clientId: 'web', clientSecret: 's3cret' };

interface Sent {
  url: string;
  init: RequestInit;
}

/** A fetch that records what was sent and answers from a script: the token client's seam. */
function scripted(...answers: Array<Response | Error>): { fetch: HttpFetch; sent: Sent[] } {
  const sent: Sent[] = [];
  const fetch: HttpFetch = async (url, init) => {
    sent.push({ url, init });
    const next = answers.shift();
    if (next === undefined) throw new Error('no scripted answer left');
    if (next instanceof Error) throw next;
    return next;
  };
  return { fetch, sent };
}

const json = (status: number, body: unknown) => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const client = (fetch: HttpFetch) => new CognitoTokenClient(cognitoEndpoints(DOMAIN), 5000, fetch);

describe('cognitoEndpoints', () => {
  it('the user-pool-domain endpoints and the hosted-UI pages', () => {
    const endpoints = cognitoEndpoints(DOMAIN);
    expect(endpoints.pages).toEqual({ signIn: `${DOMAIN}/oauth2/authorize`, signUp: `${DOMAIN}/signup`, forgotPassword: `${DOMAIN}/forgotPassword` });
    expect(endpoints.token).toBe(`${DOMAIN}/oauth2/token`);
    expect(endpoints.userInfo).toBe(`${DOMAIN}/oauth2/userInfo`);
    expect(endpoints.revoke).toBe(`${DOMAIN}/oauth2/revoke`);
    expect(endpoints.logout).toBe(`${DOMAIN}/logout`);
  });
});

describe('CognitoTokenClient', () => {
  it('a confidential client authenticates with HTTP Basic; the form carries client_id and the grant', async () => {
    const { fetch, sent } = scripted(json(200, { access_token: 'a', expires_in: 3600, token_type: 'Bearer' }));
    await expect(client(fetch).token({ grant_type: 'client_credentials' }, CONFIDENTIAL)).resolves.toMatchObject({ access_token: 'a' });
    const headers = sent[0]!.init.headers as Record<string, string>;
    expect(sent[0]!.url).toBe(`${DOMAIN}/oauth2/token`);
    expect(headers.authorization).toBe(`Basic ${Buffer.from('web:s3cret').toString('base64')}`);
    expect(headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(sent[0]!.init.body as URLSearchParams)).toEqual({ grant_type: 'client_credentials', client_id: 'web' });
    expect(sent[0]!.init.redirect).toBe('manual');
  });

  it('a public client sends client_id alone', async () => {
    const { fetch, sent } = scripted(json(200, { access_token: 'a', expires_in: 3600, token_type: 'Bearer' }));
    await client(fetch).token({ grant_type: 'refresh_token', refresh_token: 'r' }, PUBLIC);
    expect((sent[0]!.init.headers as Record<string, string>).authorization).toBeUndefined();
  });

  it.each([
    ['a 200 without tokens', json(200, { token_type: 'Bearer' }), CognitoBadResponseError],
    ['a 200 that is not JSON', json(200, '<html>'), CognitoBadResponseError],
    ['a 500', json(500, { error: 'internal' }), CognitoBadResponseError],
    ['a 400 without an error code', json(400, {}), CognitoBadResponseError],
    ['invalid_client: our configuration', json(400, { error: 'invalid_client' }), CognitoRejectedClientError],
    ['unauthorized_client: our configuration', json(400, { error: 'unauthorized_client' }), CognitoRejectedClientError],
    ['invalid_grant: the caller\'s', json(400, { error: 'invalid_grant', error_description: 'bad code' }), TokenRequestRejectedError],
    ['unreachable', new TypeError('fetch failed'), CognitoUnavailableError],
  ])('token: %s', async (_name, answer, ErrorClass) => {
    const { fetch } = scripted(answer);
    await expect(client(fetch).token({ grant_type: 'authorization_code', code: 'c' }, CONFIDENTIAL)).rejects.toBeInstanceOf(ErrorClass);
  });

  it('token: a rejected grant keeps Cognito\'s code and a clipped description', async () => {
    const { fetch } = scripted(json(400, { error: 'invalid_scope', error_description: 'x'.repeat(500) }));
    const error = await client(fetch).token({ grant_type: 'client_credentials' }, CONFIDENTIAL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenRequestRejectedError);
    expect((error as TokenRequestRejectedError).code).toBe('invalid_scope');
    expect((error as Error).message).toHaveLength(200);
  });

  it('token: a timeout is an outage, named as such', async () => {
    const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    const error = await client(scripted(timeout).fetch).token({ grant_type: 'client_credentials' }, CONFIDENTIAL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CognitoUnavailableError);
    expect((error as Error).message).toBe('Cognito /oauth2/token timed out');
  });

  it('revoke: 200 is done; unsupported_token_type is the caller\'s; anything else is Cognito\'s', async () => {
    const { fetch, sent } = scripted(json(200, ''), json(400, { error: 'unsupported_token_type' }), json(503, 'down'));
    await expect(client(fetch).revoke('r', CONFIDENTIAL)).resolves.toBeUndefined();
    expect(Object.fromEntries(sent[0]!.init.body as URLSearchParams)).toEqual({ token: 'r', client_id: 'web' });
    await expect(client(fetch).revoke('r', CONFIDENTIAL)).rejects.toBeInstanceOf(UnsupportedTokenTypeError);
    await expect(client(fetch).revoke('r', CONFIDENTIAL)).rejects.toBeInstanceOf(RevocationFailedError);
  });

  it('userInfo: the bearer token is sent, string booleans become booleans', async () => {
    const { fetch, sent } = scripted(json(200, { sub: 's', email_verified: 'true', phone_number_verified: 'false', custom: 'true' }));
    await expect(client(fetch).userInfo('at')).resolves.toEqual({ sub: 's', email_verified: true, phone_number_verified: false, custom: 'true' });
    expect((sent[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer at');
  });

  it.each([
    [401, AccessTokenRejectedError],
    [403, AccessTokenRejectedError],
    [400, InvalidRequestError],
    [500, CognitoBadResponseError],
  ])('userInfo: %i', async (status, ErrorClass) => {
    await expect(client(scripted(json(status, {})).fetch).userInfo('at')).rejects.toBeInstanceOf(ErrorClass);
  });

  it('userInfo: a 200 that is not a JSON object is a bad response', async () => {
    await expect(client(scripted(json(200, '[1]')).fetch).userInfo('at')).rejects.toBeInstanceOf(CognitoBadResponseError);
  });
});
