import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedisCognitoStore } from '../../src/cognito/store/redis-cognito.store.js';
import { sharedOnce } from '../../src/cognito/store/shared-once.js';
import { eventually } from './eventually.js';
import { useRedisServer } from './redis-server.js';
import { FAST_RECONNECT } from './store-kinds.js';

const redis = useRedisServer();

/** What only the Redis store promises: its key layout, its connections and its lifecycle. */
describe('RedisCognitoStore', () => {
  let raw: Redis;
  const opened: RedisCognitoStore[] = [];

  function store(options: ConstructorParameters<typeof RedisCognitoStore>[0]): RedisCognitoStore {
    const created = new RedisCognitoStore({ ...FAST_RECONNECT, ...options });
    opened.push(created);
    return created;
  }

  beforeEach(async () => {
    raw = new Redis(redis.server.url(3));
    await raw.flushall();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((created) => created.close()));
    raw.disconnect();
  });

  it('keeps every key under the prefix (default nest-cognito:), in the database the URL names, each with a TTL', async () => {
    const s = store({ url: redis.server.url(3) });
    await s.set('m2m:orders/read:result', 'token', 60_000);
    await s.addMember('revocations', 'o:abc', 60_000);
    expect((await raw.keys('*')).sort()).toEqual(['nest-cognito:m2m:orders/read:result', 'nest-cognito:revocations']);
    for (const key of await raw.keys('*')) {
      expect(await raw.pttl(key)).toBeGreaterThan(0);
      expect(await raw.pttl(key)).toBeLessThanOrEqual(60_000);
    }
    // An expiring set's key lives as long as its longest member.
    await s.addMember('revocations', 'o:def', 120_000);
    expect(await raw.pttl('nest-cognito:revocations')).toBeGreaterThan(60_000);
    expect(await raw.zscore('nest-cognito:revocations', 'o:abc')).not.toBeNull();
  });

  it('takes another prefix, and keeps channels under it too', async () => {
    const s = store({ url: redis.server.url(3), keyPrefix: 'app1:' });
    await s.set('k', 'v', 60_000);
    expect(await raw.keys('*')).toEqual(['app1:k']);
    const got: string[] = [];
    await s.subscribe('revocations', (message) => got.push(message));
    await raw.publish('app1:revocations', 'hello');
    await eventually(() => expect(got).toEqual(['hello']), 1000);
  });

  it("uses an existing client, and leaves it open (and its listeners alone) on close", async () => {
    const client = new Redis(redis.server.url(3));
    const mine = () => undefined;
    client.on('error', mine);
    try {
      const s = store({ client });
      await s.set('k', 'v', 60_000);
      const got: string[] = [];
      await s.subscribe('news', (message) => got.push(message));
      await s.publish('news', 'hi');
      await eventually(() => expect(got).toEqual(['hi']), 1000);
      await s.close();
      expect(await client.get('nest-cognito:k')).toBe('v');
      expect(client.listeners('error')).toEqual([mine]);
    } finally {
      client.disconnect();
    }
  });

  it('reports losing and regaining its connections', async () => {
    const s = store({ url: redis.server.url(3) });
    const got: string[] = [];
    await s.subscribe('news', (message) => got.push(message));
    expect(s.connected).toBe(true);
    const changes: boolean[] = [];
    s.onConnectionChange((connected) => changes.push(connected));
    // Dropping only the subscription's connection is enough to be "not connected": messages could be missed.
    await raw.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    await eventually(() => expect(changes).toEqual([false, true]));
    expect(s.connected).toBe(true);
    // Connected again means subscribed again.
    await raw.publish('nest-cognito:news', 'after');
    await eventually(() => expect(got).toEqual(['after']), 1000);
  });

  it('sharedOnce over three stores keeps its lock and result under the caller key', async () => {
    const stores = [store({ url: redis.server.url(3) }), store({ url: redis.server.url(3) }), store({ url: redis.server.url(3) })];
    let calls = 0;
    const results = await Promise.all(
      stores.map((s) => sharedOnce(s, 'refresh:hash', { lockTtlMs: 5000, resultTtlMs: 60_000, waitMs: 5000 }, async () => `sealed-${++calls}`)),
    );
    expect(results).toEqual(['sealed-1', 'sealed-1', 'sealed-1']);
    expect(await raw.keys('*')).toEqual(['nest-cognito:refresh:hash:result']);
  });
});
