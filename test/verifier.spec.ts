import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { Logger } from '@nestjs/common';
import {
  CognitoJwtError,
  CognitoJwtVerifier,
  errorResponse,
  JwksUnavailableError,
  JwtAlgorithmError,
  JwtClaimError,
  JwtClientIdError,
  JwtExpiredError,
  JwtIssuerError,
  JwtMalformedError,
  JwtNotYetValidError,
  JwtSignatureError,
  JwtTokenUseError,
  KidNotFoundError,
  resolveCognitoOptions,
  type CognitoAccessTokenClaims,
  type CognitoIdTokenClaims,
} from '../src/cognito/index.js';
import { OTHER_CLIENT_ID, TestIssuer } from './support/test-issuer.js';
import { bootWithOptions } from './apps/bearer-app.js';
import { FakeClock } from './unit/jwt/fakes.js';

const nowS = () => Math.floor(Date.now() / 1000);
/** The pause unknown kids get after a fetch that did not find theirs, at the default 10 a minute. */
const PENALTY_MS = 6000;

const issuers: TestIssuer[] = [];
async function startIssuer(): Promise<TestIssuer> {
  const issuer = await TestIssuer.start();
  issuers.push(issuer);
  return issuer;
}

/** A verifier of `issuer`'s tokens, over HTTP; with a clock, time moves only when the test says so. */
function verifierFor(issuer: TestIssuer, extra: Record<string, unknown> = {}, clock?: FakeClock): CognitoJwtVerifier {
  return new CognitoJwtVerifier(resolveCognitoOptions(issuer.moduleOptions(extra)), clock ? { clock: clock.read } : {});
}

/** The error a verification rejects with (fails the test if it resolves). */
async function failure(promise: Promise<unknown>): Promise<CognitoJwtError> {
  const outcome = await promise.then(
    (claims) => ({ claims }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.claims)}`);
  expect(outcome.error).toBeInstanceOf(CognitoJwtError);
  return outcome.error as CognitoJwtError;
}

beforeAll(() => {
  // The key store logs JWKS outages on purpose; the tests provoke them.
  Logger.overrideLogger(false);
});

afterAll(async () => {
  await Promise.all(issuers.map((issuer) => issuer.stop()));
});

describe('CognitoJwtVerifier: results and errors', () => {
  let issuer: TestIssuer;
  let verifier: CognitoJwtVerifier;
  beforeAll(async () => {
    issuer = await startIssuer();
    verifier = verifierFor(issuer);
    await verifier.onModuleInit();
  });

  it('returns deeply frozen claims, the same object on a cache hit', async () => {
    const token = await issuer.accessToken();
    const claims = await verifier.verify<CognitoAccessTokenClaims>(token);
    expect(claims).toMatchObject({ username: 'alice', token_use: 'access', 'cognito:groups': ['admin'] });
    expect(Object.isFrozen(claims)).toBe(true);
    expect(Object.isFrozen(claims['cognito:groups'])).toBe(true);
    expect(() => {
      (claims as { username?: string }).username = 'mallory';
    }).toThrow(TypeError);
    expect(() => claims['cognito:groups']!.push('root')).toThrow(TypeError);
    expect(await verifier.verify(token)).toBe(claims);
  });

  it('verifies an id token when asked for one', async () => {
    const claims = await verifier.verify<CognitoIdTokenClaims>(await issuer.idToken(), 'id');
    expect(claims).toMatchObject({ token_use: 'id', email: 'alice@example.com' });
    expect(Object.isFrozen(claims)).toBe(true);
  });

  it('a token cached as one token use is not returned for the other', async () => {
    const token = await issuer.accessToken();
    await verifier.verify(token);
    const error = await failure(verifier.verify(token, 'id'));
    expect(error).toBeInstanceOf(JwtTokenUseError);
  });

  const cases: Array<[string, () => Promise<string> | string, new (...args: never[]) => CognitoJwtError, string]> = [
    ['expired', () => issuer.accessToken({ exp: nowS() - 1 }), JwtExpiredError, 'token_expired'],
    ['not yet valid', () => issuer.accessToken({ nbf: nowS() + 120 }), JwtNotYetValidError, 'token_not_yet_valid'],
    ['wrong issuer', () => issuer.accessToken({ iss: 'https://example.com/x' }), JwtIssuerError, 'invalid_issuer'],
    ['id token as access', () => issuer.idToken(), JwtTokenUseError, 'invalid_token_use'],
    ['other client', () => issuer.accessToken({ client_id: OTHER_CLIENT_ID }), JwtClientIdError, 'invalid_client_id'],
    ['bad claim', () => issuer.accessToken({ exp: 'soon' }), JwtClaimError, 'invalid_claim'],
    ['foreign signature', async () => issuer.sign(issuer.accessClaims(), { key: await TestIssuer.newKey('access-key') }), JwtSignatureError, 'invalid_signature'],
    ['unknown kid', async () => issuer.sign(issuer.accessClaims(), { key: await TestIssuer.newKey() }), KidNotFoundError, 'unknown_kid'],
    ['RS512', () => issuer.signSegments(TestIssuer.encodeJson({ alg: 'RS512', kid: 'access-key' }), TestIssuer.encodeJson(issuer.accessClaims())), JwtAlgorithmError, 'invalid_algorithm'],
    ['garbage', () => 'not.a.jwt', JwtMalformedError, 'malformed_token'],
    [
      'a line break inside a correctly signed payload',
      () => {
        const payload = TestIssuer.encodeJson(issuer.accessClaims());
        return issuer.signSegments(TestIssuer.encodeJson({ alg: 'RS256', kid: 'access-key' }), `${payload.slice(0, 10)}\n${payload.slice(10)}`);
      },
      JwtMalformedError,
      'malformed_token',
    ],
    ['aud a number', () => issuer.accessToken({ aud: 12345 }), JwtClaimError, 'invalid_claim'],
    ['jti a number', () => issuer.accessToken({ jti: 12345 }), JwtClaimError, 'invalid_claim'],
    ['nbf not a number', () => issuer.accessToken({ nbf: 'later' }), JwtClaimError, 'invalid_claim'],
  ];
  for (const [name, makeToken, ErrorClass, code] of cases) {
    it(`throws ${ErrorClass.name} (${code}) for: ${name}`, async () => {
      const token = await makeToken();
      const error = await failure(verifier.verify(token));
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error.code).toBe(code);
      expect(error.name).toBe(ErrorClass.name);
      expect(errorResponse(error).status).toBe(401);
      expect(error.message).not.toContain(token);
    });
  }

  it('refuses what is not a token string', async () => {
    for (const value of [undefined, null, 42, {}, '']) {
      expect(await failure(verifier.verify(value))).toBeInstanceOf(JwtMalformedError);
    }
  });
});

describe('CognitoJwtVerifier: verified-token cache', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await startIssuer();
  });

  it('a cached result never outlives the token exp', async () => {
    const clock = new FakeClock(Date.now());
    const verifier = verifierFor(issuer, { clockTolerance: 0 }, clock);
    const exp = clock.seconds + 2;
    const token = await issuer.accessToken({ exp, iat: exp - 60 });
    const first = await verifier.verify(token);
    clock.now = exp * 1000 - 1;
    expect(await verifier.verify(token)).toBe(first); // served from the cache
    clock.now = exp * 1000;
    const error = await failure(verifier.verify(token));
    expect(error).toBeInstanceOf(JwtExpiredError);
  });

  it('is bounded by verifiedTokenCacheSize', async () => {
    const verifier = verifierFor(issuer, { verifiedTokenCacheSize: 3 });
    const tokens = await Promise.all(Array.from({ length: 10 }, () => issuer.accessToken()));
    const claims = [];
    for (const token of tokens) claims.push(await verifier.verify(token));
    // The most recent one is kept: the same frozen claims come back, from the cache.
    expect(await verifier.verify(tokens[9])).toBe(claims[9]);
    // The oldest are gone: verified again, they yield new claims.
    for (let i = 0; i < 7; i++) expect(await verifier.verify(tokens[i])).not.toBe(claims[i]);
  });

  it('verifiedTokenCacheSize 0 turns it off, and verification still works', async () => {
    const verifier = verifierFor(issuer, { verifiedTokenCacheSize: 0 });
    const token = await issuer.accessToken();
    const first = await verifier.verify(token);
    const second = await verifier.verify(token);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
  });

  it('a hit needs the whole token: same payload and signature with another header, or a char more, are refused', async () => {
    const verifier = verifierFor(issuer);
    const token = await issuer.accessToken();
    const claims = await verifier.verify(token);
    const [, payload, signature] = token.split('.');
    // The same header, meaning for meaning, in other bytes.
    const otherHeader = TestIssuer.encodeText('{"kid":"access-key","alg":"RS256"}');
    expect(await failure(verifier.verify(`${otherHeader}.${payload}.${signature}`))).toBeInstanceOf(JwtSignatureError);
    expect(await failure(verifier.verify(`${token}A`))).toBeInstanceOf(JwtSignatureError);
    expect(await failure(verifier.verify(`${token}.`))).toBeInstanceOf(JwtMalformedError);
    expect(await failure(verifier.verify(`x${token}`))).toBeInstanceOf(CognitoJwtError);
    expect(await verifier.verify(token)).toBe(claims);
  });
});

describe('CognitoJwtVerifier: JWKS', () => {
  afterEach(() => {
    Logger.overrideLogger(false);
  });

  it('fetches the JWKS once at start-up; later tokens of known kids cost no fetch', async () => {
    const issuer = await startIssuer();
    const verifier = verifierFor(issuer);
    expect(issuer.jwksRequests).toBe(0);
    await verifier.onModuleInit();
    expect(issuer.jwksRequests).toBe(1);
    await verifier.verify(await issuer.accessToken());
    await verifier.verify(await issuer.idToken(), 'id');
    await verifier.verify(await issuer.accessToken({ username: 'bob' }));
    expect(issuer.jwksRequests).toBe(1);
  });

  it('an app fetches the JWKS during init', async () => {
    const issuer = await startIssuer();
    const app = await bootWithOptions(issuer.moduleOptions());
    try {
      expect(issuer.jwksRequests).toBe(1);
      await request(app.getHttpServer()).get('/').set('Authorization', `Bearer ${await issuer.accessToken()}`).expect(200);
      expect(issuer.jwksRequests).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('a JWKS failing at start-up does not stop init; keys are fetched on demand later', async () => {
    const issuer = await startIssuer();
    issuer.jwksStatus = 500;
    const verifier = verifierFor(issuer);
    await expect(verifier.onModuleInit()).resolves.toBeUndefined();
    expect(issuer.jwksRequests).toBe(1);
    issuer.jwksStatus = 200;
    await verifier.verify(await issuer.accessToken());
    expect(issuer.jwksRequests).toBe(2);
  });

  it('a JWKS host that refuses connections at start-up does not stop an app from booting', async () => {
    const issuer = await startIssuer();
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const app = await bootWithOptions(issuer.moduleOptions({ jwksUri: `http://127.0.0.1:${closedPort}/jwks.json`, jwksTimeout: 1000 }));
    try {
      const res = await request(app.getHttpServer()).get('/').set('Authorization', `Bearer ${await issuer.accessToken()}`).expect(503);
      expect(res.headers['retry-after']).toBe('30');
    } finally {
      await app.close();
    }
  });

  it('a JWKS outage while a new kid arrives: JwksUnavailableError, HTTP 503 with Retry-After', async () => {
    const issuer = await startIssuer();
    const clock = new FakeClock(Date.now());
    const verifier = verifierFor(issuer, {}, clock);
    await verifier.onModuleInit();
    const app = await bootWithOptions(issuer.moduleOptions());
    try {
      issuer.jwksStatus = 500;
      const newKey = await TestIssuer.newKey('rotated-in');
      issuer.keys.push(newKey);
      const token = await issuer.sign(issuer.accessClaims(), { key: newKey });
      const error = await failure(verifier.verify(token));
      expect(error).toBeInstanceOf(JwksUnavailableError);
      expect({ code: error.code, status: errorResponse(error).status }).toEqual({ code: 'jwks_unavailable', status: 503 });

      const res = await request(app.getHttpServer()).get('/').set('Authorization', `Bearer ${token}`).expect(503);
      expect(res.headers['retry-after']).toBe('30');
      expect(res.body).toEqual({ statusCode: 503, error: 'temporarily_unavailable', reason: 'jwks_unavailable', message: expect.any(String) });
      expect(res.text).not.toContain(token);
      // Known keys keep working meanwhile.
      await request(app.getHttpServer()).get('/').set('Authorization', `Bearer ${await issuer.accessToken()}`).expect(200);

      issuer.jwksStatus = 200;
      // Unknown kids wait out the penalty interval after a failed fetch, and are told it is an outage meanwhile.
      const requests = issuer.jwksRequests;
      expect(await failure(verifier.verify(token))).toBeInstanceOf(JwksUnavailableError);
      expect(issuer.jwksRequests).toBe(requests);
      clock.advance(PENALTY_MS);
      expect(await verifier.verify(token)).toMatchObject({ token_use: 'access' });
    } finally {
      await app.close();
    }
  });

  describe('a JWKS that answers 200 with something else than a JWKS is an outage', () => {
    for (const [name, body] of [
      ['an empty body', ''],
      ['{}', '{}'],
      ['{"keys":123}', '{"keys":123}'],
      ['non-JSON', 'keys: none'],
      ['an HTML page', '<!doctype html><html><body>Service Unavailable</body></html>'],
    ]) {
      it(`${name}: jwks_unavailable`, async () => {
        const issuer = await startIssuer();
        issuer.jwksBody = body;
        const error = await failure(verifierFor(issuer).verify(await issuer.accessToken()));
        expect(error).toBeInstanceOf(JwksUnavailableError);
      });
    }

    it('{"keys":[]} is not an outage: unknown_kid', async () => {
      const issuer = await startIssuer();
      issuer.jwksBody = '{"keys":[]}';
      expect(await failure(verifierFor(issuer).verify(await issuer.accessToken()))).toBeInstanceOf(KidNotFoundError);
    });
  });

  it('an outage after the key cache expired keeps known keys verifying', async () => {
    const issuer = await startIssuer();
    const clock = new FakeClock(Date.now());
    const verifier = verifierFor(issuer, { jwksCacheMaxAge: 100 }, clock);
    await verifier.onModuleInit();
    issuer.jwksStatus = 503;
    clock.advance(100);
    const before = issuer.jwksRequests;
    expect(await verifier.verify(await issuer.accessToken())).toMatchObject({ username: 'alice' });
    expect(issuer.jwksRequests).toBe(before + 1); // it did try to refresh
  });

  it('a flood of unknown kids causes one fetch per penalty interval', async () => {
    const issuer = await startIssuer();
    const clock = new FakeClock(Date.now());
    const verifier = verifierFor(issuer, {}, clock);
    await verifier.onModuleInit();
    const before = issuer.jwksRequests;
    const stranger = await TestIssuer.newKey();
    const floods = [];
    for (let i = 0; i < 25; i++) {
      const token = await issuer.sign(issuer.accessClaims(), { key: stranger, header: { kid: `random-${i}-${Math.random()}` } });
      floods.push(failure(verifier.verify(token)));
      if (i % 5 === 4) await Promise.all(floods.splice(0)); // some sequential, some concurrent
    }
    const errors = await Promise.all(floods);
    for (const error of errors) expect(error).toBeInstanceOf(KidNotFoundError);
    expect(issuer.jwksRequests - before).toBe(1);
  });

  it('a flood of unknown kids does not stop known keys from being refreshed', async () => {
    const issuer = await startIssuer();
    const clock = new FakeClock(Date.now());
    const verifier = verifierFor(issuer, { jwksCacheMaxAge: 1000 }, clock);
    await verifier.onModuleInit();
    const stranger = await TestIssuer.newKey();
    for (let i = 0; i < 6; i++) {
      const token = await issuer.sign(issuer.accessClaims(), { key: stranger, header: { kid: `flood-${i}` } });
      expect(await failure(verifier.verify(token))).toBeInstanceOf(KidNotFoundError);
    }
    clock.advance(1000); // the known keys are due for a refresh; unknown kids still wait
    const before = issuer.jwksRequests;
    expect(await verifier.verify(await issuer.accessToken())).toMatchObject({ username: 'alice' });
    expect(await verifier.verify(await issuer.idToken(), 'id')).toMatchObject({ token_use: 'id' });
    expect(issuer.jwksRequests).toBe(before + 1);
    // ...and that refresh is real: a removed key is noticed even while unknown kids are held back.
    const [removed] = issuer.keys.splice(0, 1);
    clock.advance(1000);
    expect(await failure(verifier.verify(await issuer.sign(issuer.accessClaims(), { key: removed })))).toBeInstanceOf(KidNotFoundError);
  });

  it('concurrent requests carrying one new kid share one fetch', async () => {
    const issuer = await startIssuer();
    const verifier = verifierFor(issuer);
    await verifier.onModuleInit();
    const newKey = await TestIssuer.newKey('new-kid');
    issuer.keys.push(newKey);
    const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => issuer.sign(issuer.accessClaims({ username: `u${i}` }), { key: newKey })));
    const before = issuer.jwksRequests;
    const results = await Promise.all(tokens.map((token) => verifier.verify<CognitoAccessTokenClaims>(token)));
    expect(results.map((claims) => claims.username)).toEqual(tokens.map((_, i) => `u${i}`));
    expect(issuer.jwksRequests - before).toBe(1);
  });

  it('picks up key rotation: a new kid verifies, old kids keep verifying', async () => {
    const issuer = await startIssuer();
    const verifier = verifierFor(issuer);
    await verifier.onModuleInit();
    const rotated = await TestIssuer.newKey('rotated');
    issuer.keys.unshift(rotated);
    expect(await verifier.verify(await issuer.accessToken())).toMatchObject({ username: 'alice' }); // signed by 'rotated'
    expect(await verifier.verify(await issuer.sign(issuer.accessClaims(), { key: issuer.keys[1] }))).toMatchObject({ username: 'alice' });
  });

  it('a key removed from the JWKS stops verifying after the next refresh, cached tokens included', async () => {
    const issuer = await startIssuer();
    const clock = new FakeClock(Date.now());
    const verifier = verifierFor(issuer, { jwksCacheMaxAge: 1000 }, clock);
    await verifier.onModuleInit();
    const cached = await issuer.accessToken();
    const claims = await verifier.verify(cached);
    expect(await verifier.verify(cached)).toBe(claims);
    const idToken = await issuer.idToken();
    await verifier.verify(idToken, 'id');

    const [removed] = issuer.keys.splice(0, 1); // drop 'access-key'
    clock.advance(1000);
    expect(await failure(verifier.verify(cached))).toBeInstanceOf(KidNotFoundError);
    const fresh = await issuer.sign(issuer.accessClaims({ username: 'fresh' }), { key: removed });
    expect(await failure(verifier.verify(fresh))).toBeInstanceOf(KidNotFoundError);
    expect(await verifier.verify(idToken, 'id')).toMatchObject({ token_use: 'id' }); // the other key still verifies
  });

  it('a key stops verifying when the JWKS no longer lists any key', async () => {
    const issuer = await startIssuer();
    const clock = new FakeClock(Date.now());
    const verifier = verifierFor(issuer, { jwksCacheMaxAge: 1000 }, clock);
    await verifier.onModuleInit();
    const cached = await issuer.accessToken();
    await verifier.verify(cached);
    issuer.keys.splice(0); // an answering JWKS with no keys is not an outage
    clock.advance(1000);
    expect(await failure(verifier.verify(cached))).toBeInstanceOf(KidNotFoundError);
  });
});

describe('several user pools (additionalUserPools), through an app', () => {
  it("routes each token to its pool by iss, checks that pool's clients, and fetches only its JWKS", async () => {
    const primary = await startIssuer();
    const second = await startIssuer();
    const app = await bootWithOptions(
      primary.moduleOptions({ additionalUserPools: [{ userPoolId: 'eu-west-1_TestPool2', clientId: 'pool2client', issuer: second.issuer, jwksUri: second.jwksUri }] }),
    );
    const get = (token: string) => request(app.getHttpServer()).get('/').set('Authorization', `Bearer ${token}`);
    try {
      expect([primary.jwksRequests, second.jwksRequests]).toEqual([1, 1]); // each pool warmed up
      await get(await primary.accessToken()).expect(200);
      const res = await get(await second.accessToken({ client_id: 'pool2client' })).expect(200);
      expect(res.body.claims).toMatchObject({ iss: second.issuer, client_id: 'pool2client' });
      expect((await get(await second.accessToken()).expect(401)).body.reason).toBe('invalid_client_id');
      expect((await get(await primary.accessToken({ client_id: 'pool2client' })).expect(401)).body.reason).toBe('invalid_client_id');
      // The primary pool's key, in a token claiming the second pool: only the second pool's JWKS counts.
      const crossed = await primary.sign(second.accessClaims({ client_id: 'pool2client' }), { key: primary.keys[0], header: { kid: 'only-in-primary' } });
      primary.keys[0] = { ...primary.keys[0], kid: 'only-in-primary', publicJwk: { ...primary.keys[0].publicJwk, kid: 'only-in-primary' } };
      expect((await get(crossed).expect(401)).body.reason).toBe('unknown_kid');
      const before = [primary.jwksRequests, second.jwksRequests];
      const stranger = await startIssuer();
      expect((await get(await stranger.accessToken()).expect(401)).body.reason).toBe('invalid_issuer');
      expect([primary.jwksRequests, second.jwksRequests, stranger.jwksRequests]).toEqual([...before, 0]);
    } finally {
      await app.close();
    }
  });
});
