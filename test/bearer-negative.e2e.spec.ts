import { createHmac, createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { CLIENT_ID, OTHER_CLIENT_ID, TestIssuer, type TestKey } from './support/test-issuer.js';
import { bootWithOptions } from './apps/bearer-app.js';

/**
 * Every way a bearer token or Authorization header can be wrong, through HTTP: the answer must be
 * a 401 (or 403) with RFC 6750 headers and a body that says why without echoing the token.
 */

/** The default `maxTokenLength`. */
const MAX_TOKEN_LENGTH = 8192;
const enc = TestIssuer.encodeJson;
const text = TestIssuer.encodeText;
const nowS = () => Math.floor(Date.now() / 1000);
const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

let issuer: TestIssuer;
let app: INestApplication;
let idApp: INestApplication;
let ecKey: TestKey;
let strangerKey: TestKey;

beforeAll(async () => {
  issuer = await TestIssuer.start();
  // An EC key in the JWKS: tokens naming it must not verify, whatever their header claims.
  ecKey = await TestIssuer.newKey('ec-key', 'ES256');
  issuer.keys.push(ecKey);
  strangerKey = await TestIssuer.newKey('access-key');
  app = await bootWithOptions(issuer.moduleOptions());
  idApp = await bootWithOptions(issuer.moduleOptions({ tokenUse: 'id' }));
});

afterAll(async () => {
  await app?.close();
  await idApp?.close();
  await issuer?.stop();
});

const get = (target: INestApplication, path: string, authorization?: string) => {
  const req = request(target.getHttpServer()).get(path);
  return authorization === undefined ? req : req.set('Authorization', authorization);
};

/** The pieces of a token that must never come back to the caller. */
function secretsOf(token: string): string[] {
  return [token, ...token.split('.').filter((part) => part.length > 16)];
}

function expectInvalidToken(res: request.Response, reason: string, token = '') {
  expect(res.status, `${reason}: ${res.text}`).toBe(401);
  expect(Object.keys(res.body).sort()).toEqual(['error', 'message', 'reason', 'statusCode']);
  expect(res.body).toMatchObject({ statusCode: 401, error: 'invalid_token', reason });
  expect(typeof res.body.message).toBe('string');
  expect(res.body.message.length).toBeGreaterThan(0);
  const challenge = res.headers['www-authenticate'];
  expect(challenge).toMatch(/^Bearer realm="cognito", error="invalid_token", error_description="[^"\\]+"$/);
  expect(challenge).toContain(res.body.message.replace(/["\\]/g, ''));
  for (const secret of token ? secretsOf(token) : []) {
    expect(res.text).not.toContain(secret);
    expect(challenge).not.toContain(secret);
  }
}

function expectMissingToken(res: request.Response) {
  expect(res.status).toBe(401);
  expect(res.headers['www-authenticate']).toBe('Bearer realm="cognito"');
  expect(res.body).toEqual({ statusCode: 401, error: 'unauthorized', reason: 'missing_token', message: expect.any(String) });
}

function expectForbidden(res: request.Response, reason: 'missing_group' | 'missing_scope', token: string) {
  expect(res.status, res.text).toBe(403);
  expect(res.body).toEqual({ statusCode: 403, error: 'insufficient_scope', reason, message: expect.any(String) });
  expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="cognito", error="insufficient_scope", error_description="[^"\\]+"$/);
  for (const secret of secretsOf(token)) expect(res.text).not.toContain(secret);
}

/** A token with the access key's header and signature, but the given segments in between. */
function withSegments(header: unknown, payload: unknown): string {
  return issuer.signSegments(typeof header === 'string' ? header : enc(header), typeof payload === 'string' ? payload : enc(payload));
}

interface Case {
  name: string;
  token: () => string | Promise<string>;
  reason: string;
}

const header = () => ({ alg: 'RS256', kid: 'access-key', typ: 'JWT' });

const accessTokenCases: Case[] = [
  // Algorithms
  {
    name: 'alg none, empty signature',
    token: () => `${enc({ alg: 'none', kid: 'access-key' })}.${enc(issuer.accessClaims())}.`,
    reason: 'malformed_token',
  },
  {
    name: 'alg none, garbage signature',
    token: () => `${enc({ alg: 'none', kid: 'access-key' })}.${enc(issuer.accessClaims())}.${text('garbage')}`,
    reason: 'invalid_algorithm',
  },
  {
    name: 'alg "None" with a valid RS256 signature',
    token: () => issuer.signSegments(enc({ alg: 'None', kid: 'access-key' }), enc(issuer.accessClaims())),
    reason: 'invalid_algorithm',
  },
  {
    name: 'HS256 keyed with the RSA public key as PEM (algorithm confusion)',
    token: () => {
      const pem = createPublicKey({ key: issuer.keys[0].publicJwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
      const input = `${enc({ alg: 'HS256', kid: 'access-key', typ: 'JWT' })}.${enc(issuer.accessClaims())}`;
      return `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
    },
    reason: 'invalid_algorithm',
  },
  {
    name: 'HS256 keyed with the public JWK as JSON (algorithm confusion)',
    token: () => {
      const input = `${enc({ alg: 'HS256', kid: 'access-key' })}.${enc(issuer.accessClaims())}`;
      return `${input}.${createHmac('sha256', JSON.stringify(issuer.keys[0].publicJwk)).update(input).digest('base64url')}`;
    },
    reason: 'invalid_algorithm',
  },
  {
    name: 'RS384, signed by the right key',
    token: () => issuer.signSegments(enc({ alg: 'RS384', kid: 'access-key' }), enc(issuer.accessClaims()), { alg: 'RS384' }),
    reason: 'invalid_algorithm',
  },
  {
    name: 'PS256, signed by the right key',
    token: () => issuer.signSegments(enc({ alg: 'PS256', kid: 'access-key' }), enc(issuer.accessClaims()), { alg: 'PS256' }),
    reason: 'invalid_algorithm',
  },
  {
    name: 'ES256, signed by an EC key that is in the JWKS',
    token: () => issuer.signSegments(enc({ alg: 'ES256', kid: 'ec-key' }), enc(issuer.accessClaims()), { key: ecKey, alg: 'ES256' }),
    reason: 'invalid_algorithm',
  },
  {
    name: 'alg RS256 naming a kid whose JWKS key is an EC key',
    token: () => issuer.signSegments(enc({ alg: 'RS256', kid: 'ec-key' }), enc(issuer.accessClaims()), { key: ecKey, alg: 'ES256' }),
    reason: 'unknown_kid',
  },
  {
    name: 'alg missing from the header',
    token: () => issuer.signSegments(enc({ kid: 'access-key' }), enc(issuer.accessClaims())),
    reason: 'invalid_algorithm',
  },
  {
    name: 'crit header extension',
    token: () => issuer.signSegments(enc({ ...header(), crit: ['exp'], exp: 1 }), enc(issuer.accessClaims())),
    reason: 'malformed_token',
  },

  // Keys
  {
    name: 'unknown kid',
    token: async () => issuer.sign(issuer.accessClaims(), { key: await TestIssuer.newKey('not-in-the-jwks') }),
    reason: 'unknown_kid',
  },
  { name: 'missing kid', token: () => withSegments({ alg: 'RS256', typ: 'JWT' }, issuer.accessClaims()), reason: 'malformed_token' },
  { name: 'empty-string kid', token: () => withSegments({ alg: 'RS256', kid: '' }, issuer.accessClaims()), reason: 'malformed_token' },
  { name: 'kid not a string', token: () => withSegments({ alg: 'RS256', kid: 7 }, issuer.accessClaims()), reason: 'malformed_token' },
  { name: 'kid longer than 256 characters', token: () => withSegments({ alg: 'RS256', kid: 'k'.repeat(257) }, issuer.accessClaims()), reason: 'malformed_token' },
  { name: 'kid "__proto__"', token: () => withSegments({ alg: 'RS256', kid: '__proto__' }, issuer.accessClaims()), reason: 'unknown_kid' },
  { name: 'kid "constructor"', token: () => withSegments({ alg: 'RS256', kid: 'constructor' }, issuer.accessClaims()), reason: 'unknown_kid' },
  {
    name: 'embedded jwk header naming our kid, signed by the embedded key',
    token: () => issuer.sign(issuer.accessClaims(), { key: strangerKey, header: { jwk: strangerKey.publicJwk } }),
    reason: 'invalid_signature',
  },
  {
    name: 'jku header pointing at another JWKS, unknown kid',
    token: async () => issuer.sign(issuer.accessClaims(), { key: await TestIssuer.newKey('from-jku'), header: { jku: `${issuer.url}/elsewhere.json` } }),
    reason: 'unknown_kid',
  },

  // Signatures
  {
    name: 'tampered payload (signature kept)',
    token: async () => {
      const [h, , s] = (await issuer.accessToken({ 'cognito:groups': ['user'] })).split('.');
      return `${h}.${enc(issuer.accessClaims({ 'cognito:groups': ['admin'] }))}.${s}`;
    },
    reason: 'invalid_signature',
  },
  {
    name: 'signature of another key with the same kid',
    token: () => issuer.sign(issuer.accessClaims(), { key: strangerKey }),
    reason: 'invalid_signature',
  },
  {
    name: 'signature cut by whole bytes: a shorter signature, spelled canonically',
    token: async () => {
      const [h, p, s] = (await issuer.accessToken()).split('.');
      return `${h}.${p}.${Buffer.from(s, 'base64url').subarray(0, -3).toString('base64url')}`;
    },
    reason: 'invalid_signature',
  },
  {
    name: 'signature cut mid-character: leftover bits set, so never canonical',
    token: async () => {
      // 338 of 342 characters: the last one carries 4 bits that decode to nothing. Cutting alone
      // leaves them zero one time in 16 (a canonical, merely wrong signature); setting one makes
      // the case the same every run.
      const cut = (await issuer.accessToken()).slice(0, -4);
      return cut.slice(0, -1) + BASE64URL_ALPHABET[BASE64URL_ALPHABET.indexOf(cut.at(-1)!) | 1];
    },
    reason: 'malformed_token',
  },
  {
    name: 'signature spelled another way (non-canonical base64url)',
    token: async () => {
      const token = await issuer.accessToken();
      // 256 bytes take 342 characters; the last one carries 4 unused bits, which decoders ignore.
      return token.slice(0, -1) + BASE64URL_ALPHABET[BASE64URL_ALPHABET.indexOf(token.at(-1)!) ^ 1];
    },
    reason: 'malformed_token',
  },
  {
    name: 'signature with a character outside base64url appended',
    token: async () => `${await issuer.accessToken()}!`,
    reason: 'malformed_token',
  },
  {
    name: 'signature of the id key under the access kid',
    token: () => issuer.sign(issuer.accessClaims(), { key: issuer.keys[1], header: { kid: 'access-key' } }),
    reason: 'invalid_signature',
  },

  // Time
  { name: 'expired', token: () => issuer.accessToken({ exp: nowS() - 5 }), reason: 'token_expired' },
  { name: 'expires this very second', token: () => issuer.accessToken({ exp: nowS() }), reason: 'token_expired' },
  { name: 'nbf in the future', token: () => issuer.accessToken({ nbf: nowS() + 60 }), reason: 'token_not_yet_valid' },
  { name: 'nbf not a number', token: () => issuer.accessToken({ nbf: '0' }), reason: 'invalid_claim' },
  { name: 'iat not a number', token: () => issuer.accessToken({ iat: String(nowS()) }), reason: 'invalid_claim' },
  // Up to 60 s ahead is clock skew (see clockTolerance); an hour is not.
  { name: 'iat an hour in the future', token: () => issuer.accessToken({ iat: nowS() + 3600 }), reason: 'token_not_yet_valid' },
  { name: 'missing exp', token: () => issuer.accessToken({ exp: undefined }), reason: 'invalid_claim' },
  { name: 'exp as a string', token: () => issuer.accessToken({ exp: String(nowS() + 3600) }), reason: 'invalid_claim' },

  // Issuer, client, token use
  { name: 'wrong iss', token: () => issuer.accessToken({ iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other' }), reason: 'invalid_issuer' },
  { name: 'iss with a trailing slash', token: () => issuer.accessToken({ iss: `${issuer.issuer}/` }), reason: 'invalid_issuer' },
  { name: 'missing iss', token: () => issuer.accessToken({ iss: undefined }), reason: 'invalid_issuer' },
  { name: 'another app client (client_id)', token: () => issuer.accessToken({ client_id: OTHER_CLIENT_ID }), reason: 'invalid_client_id' },
  {
    name: 'another app client, our client id only in aud',
    token: () => issuer.accessToken({ client_id: OTHER_CLIENT_ID, aud: CLIENT_ID }),
    reason: 'invalid_client_id',
  },
  { name: 'no client_id', token: () => issuer.accessToken({ client_id: undefined }), reason: 'invalid_client_id' },
  { name: 'id token where an access token is expected', token: () => issuer.idToken(), reason: 'invalid_token_use' },
  { name: 'missing token_use', token: () => issuer.accessToken({ token_use: undefined }), reason: 'invalid_token_use' },
  { name: 'token_use some other value', token: () => issuer.accessToken({ token_use: 'refresh' }), reason: 'invalid_token_use' },
  { name: 'token_use in another case', token: () => issuer.accessToken({ token_use: 'Access' }), reason: 'invalid_token_use' },

  // Claim shapes
  { name: 'cognito:groups not an array', token: () => issuer.accessToken({ 'cognito:groups': 'admin' }), reason: 'invalid_claim' },
  { name: 'cognito:groups with a non-string', token: () => issuer.accessToken({ 'cognito:groups': ['admin', 1] }), reason: 'invalid_claim' },
  { name: 'scope not a string', token: () => issuer.accessToken({ scope: ['orders/read'] }), reason: 'invalid_claim' },
  { name: 'missing sub', token: () => issuer.accessToken({ sub: undefined }), reason: 'invalid_claim' },
  { name: 'aud a number (RFC 7519 §4.1.3)', token: () => issuer.accessToken({ aud: 12345 }), reason: 'invalid_claim' },
  { name: 'aud a list with a number', token: () => issuer.accessToken({ aud: ['a', 5] }), reason: 'invalid_claim' },
  { name: 'jti a number (RFC 7519 §4.1.7)', token: () => issuer.accessToken({ jti: 12345 }), reason: 'invalid_claim' },
  { name: 'sub a number', token: () => issuer.accessToken({ sub: 42 }), reason: 'invalid_claim' },
  { name: 'client_id a list', token: () => issuer.accessToken({ client_id: [CLIENT_ID] }), reason: 'invalid_claim' },
  { name: 'username an object', token: () => issuer.accessToken({ username: { name: 'alice' } }), reason: 'invalid_claim' },
  { name: 'origin_jti a number', token: () => issuer.accessToken({ origin_jti: 1 }), reason: 'invalid_claim' },
  { name: 'auth_time a string', token: () => issuer.accessToken({ auth_time: 'yesterday' }), reason: 'invalid_claim' },

  // Structure (signed properly where there is something to sign, so only the structure is wrong)
  { name: 'header not JSON', token: () => withSegments(text('{"alg":"RS256",'), issuer.accessClaims()), reason: 'malformed_token' },
  { name: 'payload not JSON', token: () => withSegments(header(), text('not json')), reason: 'malformed_token' },
  { name: 'header is []', token: () => withSegments([], issuer.accessClaims()), reason: 'malformed_token' },
  { name: 'header is "x"', token: () => withSegments(enc('x'), issuer.accessClaims()), reason: 'malformed_token' },
  { name: 'header is null', token: () => withSegments(enc(null), issuer.accessClaims()), reason: 'malformed_token' },
  { name: 'payload is []', token: () => withSegments(header(), enc([])), reason: 'malformed_token' },
  { name: 'payload is "x"', token: () => withSegments(header(), enc('x')), reason: 'malformed_token' },
  { name: 'payload is null', token: () => withSegments(header(), enc(null)), reason: 'malformed_token' },
  { name: 'payload is 42', token: () => withSegments(header(), enc(42)), reason: 'malformed_token' },
  { name: 'two segments', token: async () => (await issuer.accessToken()).split('.').slice(0, 2).join('.'), reason: 'malformed_token' },
  { name: 'four segments', token: async () => `${await issuer.accessToken()}.${text('more')}`, reason: 'malformed_token' },
  { name: 'trailing dot', token: async () => `${await issuer.accessToken()}.`, reason: 'malformed_token' },
  { name: 'one segment', token: () => text('just-one-segment'), reason: 'malformed_token' },
  { name: 'only dots', token: () => '..', reason: 'malformed_token' },
  {
    name: 'empty header segment',
    token: async () => `.${(await issuer.accessToken()).split('.').slice(1).join('.')}`,
    reason: 'malformed_token',
  },
  {
    name: 'empty payload segment',
    token: async () => {
      const [h, , s] = (await issuer.accessToken()).split('.');
      return `${h}..${s}`;
    },
    reason: 'malformed_token',
  },
  {
    name: 'base64 (not base64url) characters',
    token: async () => {
      const [h, p, s] = (await issuer.accessToken()).split('.');
      return `${h}.${p}.${s.replace(/-/g, '+').replace(/_/g, '/')}+/`;
    },
    reason: 'malformed_token',
  },
  // Signed as they are: only the spelling of the payload is wrong.
  ...(
    [
      ['"+" for "-"', (p: string) => p.replace(/-/g, '+')],
      ['"/" for "_"', (p: string) => p.replace(/_/g, '/')],
      ['"=" padding', (p: string) => `${p}=`],
      // (A line break cannot travel in a header; the verifier's own tests cover it.)
    ] as const
  ).map(([what, respell]) => ({
    name: `payload with ${what}, correctly signed`,
    token: () => {
      // '>>>???' encodes to both "-" and "_" at any of the three byte alignments, so these
      // claims always have both to respell, whatever the random ids and port before them.
      const payload = enc(issuer.accessClaims({ note: '>>>???' }));
      return issuer.signSegments(enc(header()), respell(payload));
    },
    reason: 'malformed_token',
  })),
  {
    name: 'base64 padding',
    token: async () => {
      const [h, p, s] = (await issuer.accessToken()).split('.');
      return `${h}.${p}=.${s}`;
    },
    reason: 'malformed_token',
  },
  { name: 'non-ASCII in a segment', token: async () => `${await issuer.accessToken()}é`, reason: 'malformed_token' },
  {
    name: `oversized (longer than maxTokenLength ${MAX_TOKEN_LENGTH})`,
    token: () => issuer.accessToken({ padding: 'x'.repeat(6500) }),
    reason: 'malformed_token',
  },
];

describe('bearer tokens that must be refused (access-token app)', () => {
  for (const c of accessTokenCases) {
    it(`refuses: ${c.name}`, async () => {
      const token = await c.token();
      const res = await get(app, '/', `Bearer ${token}`);
      expectInvalidToken(res, c.reason, token);
    });
  }

  it('signs its own negative tokens correctly: the same construction with nothing wrong passes', async () => {
    // Guards the cases above against failing for a reason other than the one they test.
    await get(app, '/', `Bearer ${withSegments(header(), issuer.accessClaims())}`).expect(200);
    await get(app, '/', `Bearer ${issuer.signSegments(enc({ alg: 'RS256', kid: 'access-key' }), enc(issuer.accessClaims()))}`).expect(200);
    const long = await issuer.accessToken({ padding: 'x'.repeat(5000) });
    expect(long.length).toBeGreaterThan(7000);
    expect(long.length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH);
    await get(app, '/', `Bearer ${long}`).expect(200);
    const respellable = enc(issuer.accessClaims({ note: '>>>???' }));
    expect(respellable).toMatch(/-.*_|_.*-/s);
    await get(app, '/', `Bearer ${issuer.signSegments(enc(header()), respellable)}`).expect(200);
  });

  it('accepts an iat up to 60 s ahead: a server clock a little behind Cognito\'s', async () => {
    await get(app, '/', `Bearer ${await issuer.accessToken({ iat: nowS() + 30 })}`).expect(200);
  });

  it('drops claims named __proto__ and constructor instead of letting them reach a prototype', async () => {
    const token = withSegments(header(), TestIssuer.encodeText(JSON.stringify(issuer.accessClaims()).replace(/^\{/, '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}},')));
    const res = await get(app, '/', `Bearer ${token}`).expect(200);
    expect(res.text).not.toContain('isAdmin');
    expect(res.body.claims).toMatchObject({ username: 'alice' });
  });
});

describe('Authorization header shapes', () => {
  it('no Authorization header: 401 without an error code', async () => {
    expectMissingToken(await get(app, '/'));
  });

  it('an empty Authorization header counts as no credentials', async () => {
    expectMissingToken(await get(app, '/', ''));
  });

  it('"Bearer" with nothing after', async () => {
    expectInvalidToken(await get(app, '/', 'Bearer'), 'malformed_token');
    expectInvalidToken(await get(app, '/', 'Bearer '), 'malformed_token');
  });

  it('a wrong scheme, even with a valid token', async () => {
    const token = await issuer.accessToken();
    expectInvalidToken(await get(app, '/', 'Basic dXNlcjpwYXNz'), 'malformed_token');
    expectInvalidToken(await get(app, '/', `Basic ${token}`), 'malformed_token', token);
    expectInvalidToken(await get(app, '/', `Token ${token}`), 'malformed_token', token);
    expectInvalidToken(await get(app, '/', `Bearer: ${token}`), 'malformed_token', token);
    expectInvalidToken(await get(app, '/', token), 'malformed_token', token);
  });

  it('the token twice, or followed by anything, is refused', async () => {
    const token = await issuer.accessToken();
    expectInvalidToken(await get(app, '/', `Bearer ${token} ${token}`), 'malformed_token', token);
    expectInvalidToken(await get(app, '/', `Bearer ${token},${token}`), 'malformed_token', token);
    expectInvalidToken(await get(app, '/', `Bearer ${token}, Bearer ${token}`), 'malformed_token', token);
    expectInvalidToken(await get(app, '/', `Bearer ${token} junk`), 'malformed_token', token);
    expectInvalidToken(await get(app, '/', `Bearer Bearer ${token}`), 'malformed_token', token);
    expectInvalidToken(await get(app, '/', `Basic x Bearer ${token}`), 'malformed_token', token);
  });

  it('an oversized token still under the HTTP header limit', async () => {
    const token = await issuer.accessToken({ padding: 'y'.repeat(10_000) });
    expect(token.length).toBeGreaterThan(MAX_TOKEN_LENGTH);
    expect(token.length).toBeLessThan(15_000);
    expectInvalidToken(await get(app, '/', `Bearer ${token}`), 'malformed_token', token);
  });

  it('the scheme is case-insensitive', async () => {
    const token = await issuer.accessToken();
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const res = await get(app, '/username', `${scheme} ${token}`).expect(200);
      expect(res.body).toEqual({ username: 'alice' });
    }
  });
});

describe('an app that expects id tokens (tokenUse: "id")', () => {
  it('accepts an id token', async () => {
    const res = await get(idApp, '/', `Bearer ${await issuer.idToken()}`).expect(200);
    expect(res.body.claims).toMatchObject({ token_use: 'id', aud: CLIENT_ID, 'custom:tenant': 'acme' });
  });

  it('refuses an access token', async () => {
    const token = await issuer.accessToken();
    expectInvalidToken(await get(idApp, '/', `Bearer ${token}`), 'invalid_token_use', token);
  });

  it('refuses an id token with the wrong aud', async () => {
    for (const aud of [OTHER_CLIENT_ID, [CLIENT_ID], undefined]) {
      const token = await issuer.idToken({ aud });
      expectInvalidToken(await get(idApp, '/', `Bearer ${token}`), 'invalid_client_id', token);
    }
  });

  it('refuses an id token whose client is only in client_id', async () => {
    const token = await issuer.idToken({ aud: OTHER_CLIENT_ID, client_id: CLIENT_ID });
    expectInvalidToken(await get(idApp, '/', `Bearer ${token}`), 'invalid_client_id', token);
  });

  it('an id token has no scopes, even with a scope claim', async () => {
    const token = await issuer.idToken({ scope: 'orders/read' });
    expectForbidden(await get(idApp, '/orders', `Bearer ${token}`), 'missing_scope', token);
    // Groups still apply to id tokens.
    await get(idApp, '/admin', `Bearer ${token}`).expect(200);
  });
});

describe('groups and scopes', () => {
  const withGroups = (groups: string[] | undefined) => issuer.accessToken({ 'cognito:groups': groups });

  it('any-of: @Groups("admin")', async () => {
    await get(app, '/admin', `Bearer ${await withGroups(['staff', 'admin'])}`).expect(200, { admin: true });
    for (const groups of [['staff'], [], undefined, ['Admin'], ['admins'], ['admin ']]) {
      const token = await withGroups(groups);
      const res = await get(app, '/admin', `Bearer ${token}`);
      expectForbidden(res, 'missing_group', token);
      expect(res.body.message).toContain('admin');
    }
  });

  it('all-of: @Groups({ allOf: ["staff", "admin"] })', async () => {
    await get(app, '/staff-admin', `Bearer ${await withGroups(['admin', 'staff'])}`).expect(200);
    const token = await withGroups(['admin']);
    const res = await get(app, '/staff-admin', `Bearer ${token}`);
    expectForbidden(res, 'missing_group', token);
    expect(res.body.message).toContain('missing staff');
  });

  it('none-of: @Groups({ noneOf: ["banned"] })', async () => {
    await get(app, '/not-banned', `Bearer ${await withGroups(['admin'])}`).expect(200);
    await get(app, '/not-banned', `Bearer ${await withGroups(undefined)}`).expect(200);
    const token = await withGroups(['admin', 'banned']);
    expectForbidden(await get(app, '/not-banned', `Bearer ${token}`), 'missing_group', token);
  });

  it('scopes: any-of and all-of, matched whole', async () => {
    await get(app, '/orders', `Bearer ${await issuer.accessToken({ scope: 'orders/read' })}`).expect(200);
    for (const scope of [undefined, '', 'openid', 'orders/readx', 'xorders/read', 'orders/write', 'orders', 'ORDERS/READ']) {
      const token = await issuer.accessToken({ scope });
      expectForbidden(await get(app, '/orders', `Bearer ${token}`), 'missing_scope', token);
    }
    await get(app, '/orders-all', `Bearer ${await issuer.accessToken({ scope: 'orders/write openid orders/read' })}`).expect(200);
    const token = await issuer.accessToken({ scope: 'openid orders/read' });
    const res = await get(app, '/orders-all', `Bearer ${token}`);
    expectForbidden(res, 'missing_scope', token);
    expect(res.body.message).toContain('missing orders/write');
  });

  it('an M2M token (no username, no groups) passes on scope and is refused on groups', async () => {
    const m2m = await issuer.accessToken({ sub: CLIENT_ID, username: undefined, 'cognito:groups': undefined, scope: 'orders/read', auth_time: undefined });
    await get(app, '/orders', `Bearer ${m2m}`).expect(200, { orders: [] });
    const res = await get(app, '/', `Bearer ${m2m}`).expect(200);
    expect(res.body.claims.username).toBeUndefined();
    await get(app, '/username', `Bearer ${m2m}`).expect(200, {});
    expectForbidden(await get(app, '/admin', `Bearer ${m2m}`), 'missing_group', m2m);
    await get(app, '/not-banned', `Bearer ${m2m}`).expect(200);
  });

  it('authorization runs only after authentication: a bad token on a group route is a 401', async () => {
    const token = await issuer.accessToken({ exp: nowS() - 1 });
    expectInvalidToken(await get(app, '/admin', `Bearer ${token}`), 'token_expired', token);
  });
});

describe('@Public()', () => {
  it('works without a token, with a garbage one, and with an expired one', async () => {
    await get(app, '/public').expect(200, { ok: true });
    await get(app, '/public', 'Bearer garbage').expect(200, { ok: true });
    await get(app, '/public', 'Basic dXNlcjpwYXNz').expect(200, { ok: true });
    await get(app, '/public', `Bearer ${await issuer.accessToken({ exp: nowS() - 100 })}`).expect(200, { ok: true });
  });
});
