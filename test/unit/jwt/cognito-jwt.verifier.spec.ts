import 'reflect-metadata';
import { beforeAll, describe, expect, it } from 'vitest';
import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { COGNITO_OPTIONS } from '../../../src/cognito/cognito.constants.js';
import {
  CognitoJwtError,
  JwtClaimError,
  JwtClientIdError,
  JwtExpiredError,
  JwtIssuerError,
  JwtNotYetValidError,
  KidNotFoundError,
} from '../../../src/cognito/errors/jwt.errors.js';
import { CognitoJwtVerifier } from '../../../src/cognito/jwt/cognito-jwt.verifier.js';
import { COGNITO_JWT_COLLABORATORS } from '../../../src/cognito/jwt/verifier-collaborators.js';
import type { CognitoModuleOptions } from '../../../src/cognito/options/cognito-module-options.interface.js';
import { resolveCognitoOptions } from '../../../src/cognito/options/resolve-options.js';
import { FakeClock, FakeJwksNetwork, rsaKey, signToken, type FakeKey } from './fakes.js';

const POOL = 'eu-west-1_Pool1';
const POOL2 = 'us-east-1_Pool2';
const ORIGINAL = `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}`;
const UPDATED = `https://issuer-cognito-idp.eu-west-1.amazonaws.com/${POOL}`;
const POOL2_ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${POOL2}`;
const jwksOf = (issuer: string) => `${issuer}/.well-known/jwks.json`;

const originalKey = rsaKey('original-key', 0);
const updatedKey = rsaKey('updated-key', 1);
const pool2Key = rsaKey('pool2-key', 2);

function setUp(options: Partial<CognitoModuleOptions> = {}) {
  const clock = new FakeClock();
  const network = new FakeJwksNetwork()
    .serve(jwksOf(ORIGINAL), originalKey)
    .serve(jwksOf(UPDATED), updatedKey)
    .serve(jwksOf(POOL2_ISSUER), pool2Key);
  const resolved = resolveCognitoOptions({ userPoolId: POOL, clientId: 'client1', ...options });
  const verifier = new CognitoJwtVerifier(resolved, { fetcher: network.fetcher, clock: clock.read });
  const token = (issuer: string, key: FakeKey, overrides: Record<string, unknown> = {}) =>
    signToken(
      Object.fromEntries(
        Object.entries({
          sub: 'u-1', iss: issuer, client_id: 'client1', token_use: 'access', username: 'alice', jti: 'j-1',
          iat: clock.seconds, exp: clock.seconds + 3600, ...overrides,
        }).filter(([, v]) => v !== undefined),
      ),
      key,
    );
  return { clock, network, verifier, token };
}

async function failure(promise: Promise<unknown>): Promise<CognitoJwtError> {
  const error = await promise.then(
    () => expect.fail('expected a rejection'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CognitoJwtError);
  return error as CognitoJwtError;
}

beforeAll(() => {
  Logger.overrideLogger(false);
});

describe('CognitoJwtVerifier without a network (injected fetcher and clock)', () => {
  it('verifies, and answers a repeated token from its cache without any fetch', async () => {
    const { network, verifier, token } = setUp();
    await verifier.onModuleInit();
    const t = token(ORIGINAL, originalKey);
    const claims = await verifier.verify(t);
    expect(claims).toMatchObject({ username: 'alice', iss: ORIGINAL });
    expect(await verifier.verify(t)).toBe(claims);
    expect(network.fetched).toEqual([jwksOf(ORIGINAL)]);
  });

  it('a cached result never outlives the token exp', async () => {
    const { clock, verifier, token } = setUp();
    const t = token(ORIGINAL, originalKey, { exp: clock.seconds + 2 });
    const claims = await verifier.verify(t);
    clock.advance(1999);
    expect(await verifier.verify(t)).toBe(claims);
    clock.advance(1);
    expect(await failure(verifier.verify(t))).toBeInstanceOf(JwtExpiredError);
  });

  it('a cached result survives a JWKS refresh that keeps its key, and dies with a removed key', async () => {
    const { clock, network, verifier, token } = setUp({ jwksCacheMaxAge: 1000 });
    const t = token(ORIGINAL, originalKey);
    const claims = await verifier.verify(t);
    clock.advance(1000);
    await verifier.verify(token(ORIGINAL, originalKey, { username: 'bob' })); // refreshes the JWKS
    expect(network.count()).toBe(2);
    expect(await verifier.verify(t)).toBe(claims); // the same key object: still a hit
    network.serve(jwksOf(ORIGINAL));
    clock.advance(1000);
    expect(await failure(verifier.verify(t))).toBeInstanceOf(KidNotFoundError);
  });

  it('claims named __proto__ or constructor cannot pollute a copy', async () => {
    const { verifier, token } = setUp();
    const claims = await verifier.verify(token(ORIGINAL, originalKey, { ['__proto__']: { isAdmin: true }, constructor: { prototype: { isAdmin: true } } }));
    expect(Object.getOwnPropertyNames(claims)).not.toContain('__proto__');
    expect(Object.getOwnPropertyNames(claims)).not.toContain('constructor');
    expect((Object.assign({}, claims) as unknown as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({ ...claims } as unknown as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('claim types and clock skew, end to end', async () => {
    const { clock, verifier, token } = setUp();
    for (const aud of [12345, ['a', 5]]) expect(await failure(verifier.verify(token(ORIGINAL, originalKey, { aud })))).toBeInstanceOf(JwtClaimError);
    expect(await failure(verifier.verify(token(ORIGINAL, originalKey, { jti: 7 })))).toBeInstanceOf(JwtClaimError);
    expect(await failure(verifier.verify(token(ORIGINAL, originalKey, { nbf: 'now' })))).toBeInstanceOf(JwtClaimError);
    // A server clock 30 s behind Cognito's still takes fresh tokens.
    expect(await verifier.verify(token(ORIGINAL, originalKey, { iat: clock.seconds + 30 }))).toBeTruthy();
    expect(await failure(verifier.verify(token(ORIGINAL, originalKey, { iat: clock.seconds + 3600 })))).toBeInstanceOf(JwtNotYetValidError);
  });
});

describe('CognitoJwtVerifier: the two Cognito issuer formats of a pool', () => {
  it('configured with only userPoolId and clientId, accepts tokens of both issuers, each verified with its own JWKS', async () => {
    const { network, verifier, token } = setUp();
    expect(await verifier.verify(token(UPDATED, updatedKey))).toMatchObject({ iss: UPDATED });
    expect(network.fetched).toEqual([jwksOf(UPDATED)]);
    expect(await verifier.verify(token(ORIGINAL, originalKey))).toMatchObject({ iss: ORIGINAL });
    expect(network.fetched).toEqual([jwksOf(UPDATED), jwksOf(ORIGINAL)]);
  });

  it('warms up the original issuer only: the updated JWKS may not exist for the pool', async () => {
    const { network, verifier } = setUp();
    await verifier.onModuleInit();
    expect(network.fetched).toEqual([jwksOf(ORIGINAL)]);
  });

  it('a pool switching formats keeps working with tokens of both, interleaved and concurrent', async () => {
    const { network, verifier, token } = setUp();
    await verifier.onModuleInit();
    const tokens = Array.from({ length: 10 }, (_, i) => (i % 2 ? token(UPDATED, updatedKey, { username: `u${i}` }) : token(ORIGINAL, originalKey, { username: `u${i}` })));
    const claims = await Promise.all(tokens.map((t) => verifier.verify(t)));
    expect(claims.map((c) => (c as { username: string }).username)).toEqual(tokens.map((_, i) => `u${i}`));
    expect(network.count(jwksOf(UPDATED))).toBe(1);
    expect(network.count()).toBe(2);
  });

  it("a key from one issuer's JWKS does not verify tokens of the other issuer", async () => {
    const { verifier, token } = setUp();
    expect(await failure(verifier.verify(token(UPDATED, originalKey)))).toBeInstanceOf(KidNotFoundError);
  });

  it('unknown issuers are refused by exact match, before any fetch', async () => {
    const { network, verifier, token } = setUp();
    for (const iss of [
      `${ORIGINAL}/`,
      ORIGINAL.replace('https:', 'http:'),
      'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other',
      'https://issuer-cognito-idp.eu-west-2.amazonaws.com/eu-west-1_Pool1',
      'https://evil.example.com/eu-west-1_Pool1',
      POOL2_ISSUER,
      undefined,
    ]) {
      expect(await failure(verifier.verify(token(iss as string, originalKey)))).toBeInstanceOf(JwtIssuerError);
    }
    expect(network.count()).toBe(0);
  });

  it('issuer pins exactly one', async () => {
    const { network, verifier, token } = setUp({ issuer: UPDATED });
    expect(await verifier.verify(token(UPDATED, updatedKey))).toBeTruthy();
    expect(await failure(verifier.verify(token(ORIGINAL, originalKey)))).toBeInstanceOf(JwtIssuerError);
    expect(network.fetched).toEqual([jwksOf(UPDATED)]);
  });

  it('jwksUri, given, serves every issuer of the pool from one key cache', async () => {
    const shared = 'https://keys.example.com/jwks.json';
    const { network, verifier, token } = setUp({ jwksUri: shared });
    network.serve(shared, originalKey);
    expect(await verifier.verify(token(ORIGINAL, originalKey))).toBeTruthy();
    expect(await verifier.verify(token(UPDATED, originalKey))).toBeTruthy();
    expect(network.fetched).toEqual([shared]);
  });
});

describe('CognitoJwtVerifier: several user pools', () => {
  const multi = () =>
    setUp({ clientId: ['client1', 'client1b'], additionalUserPools: [{ userPoolId: POOL2, clientId: ['client2'] }] });

  it("routes a token to its pool by iss and checks that pool's client ids", async () => {
    const { network, verifier, token } = multi();
    expect(await verifier.verify(token(POOL2_ISSUER, pool2Key, { client_id: 'client2' }))).toMatchObject({ iss: POOL2_ISSUER });
    expect(network.fetched).toEqual([jwksOf(POOL2_ISSUER)]);
    expect(await verifier.verify(token(ORIGINAL, originalKey, { client_id: 'client1b' }))).toBeTruthy();
    // A client of the other pool is not a client of this one.
    expect(await failure(verifier.verify(token(POOL2_ISSUER, pool2Key, { client_id: 'client1' })))).toBeInstanceOf(JwtClientIdError);
    expect(await failure(verifier.verify(token(ORIGINAL, originalKey, { client_id: 'client2' })))).toBeInstanceOf(JwtClientIdError);
  });

  it("a pool's keys do not verify another pool's tokens", async () => {
    const { verifier, token } = multi();
    expect(await failure(verifier.verify(token(POOL2_ISSUER, originalKey, { client_id: 'client2' })))).toBeInstanceOf(KidNotFoundError);
    expect(await failure(verifier.verify(token(ORIGINAL, pool2Key)))).toBeInstanceOf(KidNotFoundError);
  });

  it('the additional pool gets both issuer formats too; start-up warms each pool', async () => {
    const { network, verifier, token } = multi();
    await verifier.onModuleInit();
    expect([...network.fetched].sort()).toEqual([jwksOf(ORIGINAL), jwksOf(POOL2_ISSUER)].sort());
    const updated2 = `https://issuer-cognito-idp.us-east-1.amazonaws.com/${POOL2}`;
    network.serve(jwksOf(updated2), pool2Key);
    expect(await verifier.verify(token(updated2, pool2Key, { client_id: 'client2' }))).toBeTruthy();
  });

  it('an issuer of no configured pool is refused without a fetch', async () => {
    const { network, verifier, token } = multi();
    expect(await failure(verifier.verify(token('https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool3', pool2Key, { client_id: 'client2' })))).toBeInstanceOf(JwtIssuerError);
    expect(network.count()).toBe(0);
  });

  it('an additional pool with its own issuer and JWKS (a local identity provider)', async () => {
    const local = 'http://127.0.0.1:9229/local_Pool3';
    const { network, verifier, token } = setUp({ additionalUserPools: [{ userPoolId: 'local_Pool3', clientId: 'client3', issuer: local, jwksUri: 'http://127.0.0.1:9229/keys' }] });
    network.serve('http://127.0.0.1:9229/keys', pool2Key);
    expect(await verifier.verify(token(local, pool2Key, { client_id: 'client3' }))).toBeTruthy();
    expect(network.fetched).toEqual(['http://127.0.0.1:9229/keys']);
  });
});

describe('CognitoJwtVerifier through Nest DI', () => {
  const options = resolveCognitoOptions({ userPoolId: POOL, clientId: 'client1' });

  it('needs only COGNITO_OPTIONS; the collaborators are optional', async () => {
    const moduleRef = await Test.createTestingModule({ providers: [{ provide: COGNITO_OPTIONS, useValue: options }, CognitoJwtVerifier] }).compile();
    expect(moduleRef.get(CognitoJwtVerifier)).toBeInstanceOf(CognitoJwtVerifier);
  });

  it('takes injected collaborators from COGNITO_JWT_COLLABORATORS', async () => {
    const network = new FakeJwksNetwork().serve(jwksOf(ORIGINAL), originalKey);
    const moduleRef = await Test.createTestingModule({
      providers: [
        { provide: COGNITO_OPTIONS, useValue: options },
        { provide: COGNITO_JWT_COLLABORATORS, useValue: { fetcher: network.fetcher } },
        CognitoJwtVerifier,
      ],
    }).compile();
    await moduleRef.init();
    expect(network.fetched).toEqual([jwksOf(ORIGINAL)]);
    await moduleRef.close();
  });
});
