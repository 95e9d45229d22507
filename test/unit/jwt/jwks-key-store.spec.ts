import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Logger } from '@nestjs/common';
import { JwksUnavailableError, KidNotFoundError } from '../../../src/cognito/errors/jwt.errors.js';
import { JwksKeyStore, OUTAGE_RETRY_MS } from '../../../src/cognito/jwt/jwks-key-store.js';
import { SimplePenaltyBox } from '../../../src/cognito/jwt/penalty-box.js';
import { ecKey, FakeClock, FakeJwksNetwork, rsaKey } from './fakes.js';

const URI = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool1/.well-known/jwks.json';
const MAX_AGE = 600_000;
const WAIT = 6000;
const access = rsaKey('access-key', 0);
const id = rsaKey('id-key', 1);
const rotated = rsaKey('rotated-key', 2);

function setUp(options: { cacheMaxEntries?: number; cacheMaxAge?: number } = {}) {
  const clock = new FakeClock();
  const network = new FakeJwksNetwork().serve(URI, access, id);
  const store = new JwksKeyStore({
    jwksUri: URI,
    cacheMaxAge: options.cacheMaxAge ?? MAX_AGE,
    cacheMaxEntries: options.cacheMaxEntries ?? 10,
    fetcher: network.fetcher,
    penaltyBox: new SimplePenaltyBox(WAIT),
    clock: clock.read,
  });
  return { clock, network, store };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

beforeAll(() => {
  Logger.overrideLogger(false);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('JwksKeyStore: keys and refresh', () => {
  it('warmUp fetches once; known kids then cost no fetch until cacheMaxAge', async () => {
    const { clock, network, store } = setUp();
    expect(store.peek('access-key', clock.now)).toBeUndefined();
    expect(await store.warmUp()).toBe(2);
    expect(network.count()).toBe(1);
    const key = store.peek('access-key', clock.now)!;
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(await store.getKey('access-key')).toBe(key);
    expect(await store.getKey('id-key')).toBe(store.peek('id-key', clock.now));
    clock.advance(MAX_AGE - 1);
    expect(store.peek('access-key', clock.now)).toBe(key);
    expect(network.count()).toBe(1);
  });

  it('after cacheMaxAge a known kid refetches, keeping the same key object for an unchanged key', async () => {
    const { clock, network, store } = setUp();
    await store.warmUp();
    const key = store.peek('access-key', clock.now);
    clock.advance(MAX_AGE);
    expect(store.peek('access-key', clock.now)).toBeUndefined();
    expect(await store.getKey('access-key')).toBe(key);
    expect(network.count()).toBe(2);
  });

  it('a key removed from the JWKS stops verifying at the next refresh', async () => {
    const { clock, network, store } = setUp();
    await store.warmUp();
    network.serve(URI, id);
    clock.advance(MAX_AGE);
    expect(await rejection(store.getKey('access-key'))).toBeInstanceOf(KidNotFoundError);
    expect(store.peek('access-key', clock.now)).toBeUndefined();
    expect(await store.getKey('id-key')).toBeDefined();
  });

  it('a JWKS that answers with no keys ({"keys":[]}) is not an outage: every key stops verifying', async () => {
    const { clock, network, store } = setUp();
    await store.warmUp();
    network.answer(URI, { keys: [] });
    clock.advance(MAX_AGE);
    expect(await rejection(store.getKey('access-key'))).toBeInstanceOf(KidNotFoundError);
    expect(await rejection(store.getKey('id-key'))).toBeInstanceOf(KidNotFoundError);
  });

  it('a new kid (rotation) is fetched once, even by many concurrent requests', async () => {
    const { network, store } = setUp();
    await store.warmUp();
    network.serve(URI, rotated, access, id);
    const keys = await Promise.all(Array.from({ length: 20 }, () => store.getKey('rotated-key')));
    expect(new Set(keys).size).toBe(1);
    expect(network.count()).toBe(2);
  });

  it('concurrent requests for different unknown kids share one fetch', async () => {
    const { network, store } = setUp();
    network.hold();
    const pending = ['access-key', 'id-key', 'nope-1', 'nope-2'].map((kid) => store.getKey(kid).then(() => 'ok', (error: Error) => error.name));
    network.release();
    expect(await Promise.all(pending)).toEqual(['ok', 'ok', 'KidNotFoundError', 'KidNotFoundError']);
    expect(network.count()).toBe(1);
  });

  it('uses only RSA keys for RS256; keeps at most cacheMaxEntries', async () => {
    const { clock, network, store } = setUp({ cacheMaxEntries: 2 });
    const ec = ecKey('ec-key');
    const rs512 = { ...rsaKey('rs512-key', 0), publicJwk: { ...access.publicJwk, kid: 'rs512-key', alg: 'RS512' } };
    const encryption = { ...rsaKey('enc-key', 0), publicJwk: { ...access.publicJwk, kid: 'enc-key', use: 'enc' } };
    const noAlg = { ...rsaKey('no-alg', 1), publicJwk: { ...id.publicJwk, kid: 'no-alg', alg: undefined } };
    network.serve(URI, ec, rs512, encryption, noAlg, access, id);
    expect(await store.warmUp()).toBe(2);
    expect(store.peek('no-alg', clock.now)).toBeDefined(); // RSA without alg: RS256
    expect(store.peek('access-key', clock.now)).toBeDefined();
    expect(store.peek('id-key', clock.now)).toBeUndefined(); // over cacheMaxEntries
    for (const kid of ['ec-key', 'rs512-key', 'enc-key']) expect(store.peek(kid, clock.now)).toBeUndefined();
    expect(await rejection(store.getKey('ec-key'))).toBeInstanceOf(KidNotFoundError);
  });
});

describe('JwksKeyStore: outages and malformed answers', () => {
  const broken: Array<[string, unknown]> = [
    ['an empty body', ''],
    ['{}', {}],
    ['{"keys":123}', { keys: 123 }],
    ['{"keys":{}}', { keys: {} }],
    ['null', null],
    ['an array', [access.publicJwk]],
    ['an HTML page (as text)', '<!doctype html><title>Service Unavailable</title>'],
    ['a network error', new Error('connect ECONNREFUSED')],
    ['an HTTP error', new Error('JWKS answered HTTP 503')],
    ['non-JSON', new Error('JWKS answer is not JSON')],
  ];
  for (const [name, answer] of broken) {
    it(`${name}: a new kid gets JwksUnavailableError (an outage), not unknown_kid`, async () => {
      const { network, store } = setUp();
      network.answer(URI, answer);
      const error = await rejection(store.getKey('access-key'));
      expect(error).toBeInstanceOf(JwksUnavailableError);
      expect((error as JwksUnavailableError).code).toBe('jwks_unavailable');
    });
  }

  it('known keys keep verifying through an outage, asking again every OUTAGE_RETRY_MS', async () => {
    const { clock, network, store } = setUp();
    await store.warmUp();
    const key = store.peek('access-key', clock.now);
    network.answer(URI, new Error('HTTP 500'));
    clock.advance(MAX_AGE);
    expect(await store.getKey('access-key')).toBe(key);
    expect(network.count()).toBe(2);
    clock.advance(OUTAGE_RETRY_MS - 1);
    expect(store.peek('access-key', clock.now)).toBe(key);
    expect(store.peek('id-key', clock.now)).toBeDefined();
    clock.advance(1);
    expect(await store.getKey('id-key')).toBeDefined();
    expect(network.count()).toBe(3);
    network.answers.delete(URI);
    clock.advance(OUTAGE_RETRY_MS);
    expect(await store.getKey('access-key')).toBe(key);
    expect(network.count()).toBe(4);
    expect(store.peek('access-key', clock.now + MAX_AGE - 1)).toBe(key);
  });

  it('during an outage, unknown kids back off too, and get jwks_unavailable meanwhile', async () => {
    const { clock, network, store } = setUp();
    network.answer(URI, new Error('HTTP 500'));
    expect(await rejection(store.getKey('access-key'))).toBeInstanceOf(JwksUnavailableError);
    network.answers.delete(URI);
    expect(await rejection(store.getKey('access-key'))).toBeInstanceOf(JwksUnavailableError);
    expect(network.count()).toBe(1);
    clock.advance(WAIT);
    expect(await store.getKey('access-key')).toBeDefined();
    expect(network.count()).toBe(2);
  });

  it('a failed warm-up only logs, and does not hold back the first fetch on demand', async () => {
    const { network, store } = setUp();
    const warn = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    network.answer(URI, new Error('connect ECONNREFUSED'));
    expect(await store.warmUp()).toBe(0);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('start-up'));
    network.answers.delete(URI);
    expect(await store.getKey('access-key')).toBeDefined();
    expect(network.count()).toBe(2);
  });
});

describe('JwksKeyStore: floods of unknown kids (penalty box)', () => {
  it('10,000 random kids, concurrent and sequential, cause one fetch per penalty interval', async () => {
    const { clock, network, store } = setUp();
    await store.warmUp();
    const before = network.count();
    let refused = 0;
    for (let batch = 0; batch < 100; batch++) {
      // Half the batches arrive all at once, half one after another.
      const kids = Array.from({ length: 100 }, () => randomUUID());
      if (batch % 2 === 0) {
        const errors = await Promise.all(kids.map((kid) => rejection(store.getKey(kid))));
        refused += errors.filter((error) => error instanceof KidNotFoundError).length;
      } else {
        for (const kid of kids) if ((await rejection(store.getKey(kid))) instanceof KidNotFoundError) refused++;
      }
      clock.advance(10); // 10,000 tokens over one second
    }
    expect(refused).toBe(10_000);
    expect(network.count() - before).toBe(1);
  });

  it('a key rotated in during a flood verifies within one penalty interval', async () => {
    const { clock, network, store } = setUp();
    await store.warmUp();
    expect(await rejection(store.getKey('flood-1'))).toBeInstanceOf(KidNotFoundError); // closes the box
    network.serve(URI, rotated, access, id);
    clock.advance(1000);
    expect(await rejection(store.getKey('rotated-key'))).toBeInstanceOf(KidNotFoundError); // still closed: no fetch
    expect(network.count()).toBe(2);
    clock.advance(WAIT - 1000);
    // The flood goes on and wins the race for the reopened box; its fetch loads the new key anyway.
    expect(await rejection(store.getKey('flood-2'))).toBeInstanceOf(KidNotFoundError);
    expect(await store.getKey('rotated-key')).toBeDefined();
    expect(network.count()).toBe(3);
  });

  it('refreshes of known kids are not held back by the flood', async () => {
    const { clock, network, store } = setUp({ cacheMaxAge: WAIT / 3 });
    await store.warmUp();
    expect(await rejection(store.getKey('flood'))).toBeInstanceOf(KidNotFoundError); // closed for WAIT
    clock.advance(WAIT / 2); // the keys are stale, the box still closed
    expect(await rejection(store.getKey('flood-2'))).toBeInstanceOf(KidNotFoundError);
    expect(network.count()).toBe(2);
    network.serve(URI, id); // and the access key is removed meanwhile
    expect(await store.getKey('id-key')).toBeDefined();
    expect(await rejection(store.getKey('access-key'))).toBeInstanceOf(KidNotFoundError);
    expect(network.count()).toBe(3);
  });
});
