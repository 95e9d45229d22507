import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SharedResultTimeoutError } from '../../src/cognito/errors/store.errors.js';
import type { CognitoStore } from '../../src/cognito/store/cognito-store.interface.js';
import { redeemOnce } from '../../src/cognito/store/redeem-once.js';
import { ServerSessions } from '../../src/cognito/store/server-sessions.js';
import { sharedOnce } from '../../src/cognito/store/shared-once.js';
import { eventually } from './eventually.js';
import { useRedisServer } from './redis-server.js';
import { storeKinds, type StoreWorld } from './store-kinds.js';

const redis = useRedisServer();

// One behavioural suite, run against each store (as @nestjs/passport runs one spec over several apps).
describe.each(storeKinds(redis))('$name', (kind) => {
  let world: StoreWorld;
  let a: CognitoStore;
  let b: CognitoStore;
  let c: CognitoStore;

  beforeEach(() => {
    world = kind.open();
    [a, b, c] = [world.instance(), world.instance(), world.instance()];
  });
  afterEach(() => world.close());

  describe('values', () => {
    it('sets, reads back, overwrites and deletes', async () => {
      expect(await a.get('k')).toBeUndefined();
      expect(await a.set('k', 'one', 60_000)).toBe(true);
      expect(await b.get('k')).toBe('one');
      expect(await b.set('k', 'two', 60_000)).toBe(true);
      expect(await a.get('k')).toBe('two');
      expect(await c.delete('k')).toBe(true);
      expect(await a.get('k')).toBeUndefined();
      expect(await c.delete('k')).toBe(false);
    });

    it('if-absent: of 50 concurrent claims on three instances exactly one wins', async () => {
      const stores = [a, b, c];
      const wins = await Promise.all(Array.from({ length: 50 }, (_, i) => stores[i % 3]!.set('claim', `by-${i}`, 60_000, 'if-absent')));
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect(await a.get('claim')).toBe(`by-${wins.indexOf(true)}`);
    });

    it('if-present: updates an existing key, never creates one', async () => {
      expect(await a.set('session', 'v1', 60_000, 'if-present')).toBe(false);
      expect(await b.get('session')).toBeUndefined();
      await a.set('session', 'v1', 60_000);
      expect(await b.set('session', 'v2', 60_000, 'if-present')).toBe(true);
      expect(await c.get('session')).toBe('v2');
    });

    it('deletes with ifValue only while the key still holds that value (releasing only a lock one holds)', async () => {
      await a.set('lock', 'mine', 60_000);
      expect(await b.delete('lock', 'theirs')).toBe(false);
      expect(await c.get('lock')).toBe('mine');
      expect(await b.delete('lock', 'mine')).toBe(true);
      expect(await c.get('lock')).toBeUndefined();
    });

    it('expires every value after its TTL', async () => {
      await a.set('short', 'x', 30);
      await a.set('long', 'y', 60_000);
      await eventually(async () => expect(await b.get('short')).toBeUndefined(), 3000);
      expect(await b.get('long')).toBe('y');
      // Once expired, the key is free for if-absent again.
      expect(await c.set('short', 'again', 60_000, 'if-absent')).toBe(true);
    });
  });

  describe('expiring sets', () => {
    it('lists live members with the time they have left, on every instance', async () => {
      await a.addMember('set', 'm1', 60_000);
      await b.addMember('set', 'm2', 30_000);
      const members = await c.members('set');
      expect(members.map((m) => m.member).sort()).toEqual(['m1', 'm2']);
      const m1 = members.find((m) => m.member === 'm1')!;
      expect(m1.ttlMs).toBeGreaterThan(30_000);
      expect(m1.ttlMs).toBeLessThanOrEqual(60_000);
      expect(await c.members('other')).toEqual([]);
    });

    it('only ever extends a member expiry', async () => {
      await a.addMember('set', 'm', 60_000);
      await b.addMember('set', 'm', 30);
      const [m] = await c.members('set');
      expect(m!.ttlMs).toBeGreaterThan(30_000);
    });

    it('drops each member when its own TTL ends', async () => {
      await a.addMember('set', 'soon', 30);
      await a.addMember('set', 'later', 60_000);
      await eventually(async () => expect((await b.members('set')).map((m) => m.member)).toEqual(['later']), 3000);
    });

    it('removes a member', async () => {
      await a.addMember('set', 'm1', 60_000);
      await a.addMember('set', 'm2', 60_000);
      await b.removeMember('set', 'm1');
      expect((await c.members('set')).map((m) => m.member)).toEqual(['m2']);
    });
  });

  describe('publish/subscribe', () => {
    it('delivers a message to the subscribers of every instance', async () => {
      const gotB: string[] = [];
      const gotC: string[] = [];
      await b.subscribe('news', (message) => gotB.push(message));
      await c.subscribe('news', (message) => gotC.push(message));
      await a.publish('news', 'hello');
      await eventually(() => {
        expect(gotB).toEqual(['hello']);
        expect(gotC).toEqual(['hello']);
      }, 1000);
    });

    it('stops delivering to an ended subscription', async () => {
      const ended: string[] = [];
      const kept: string[] = [];
      const end = await b.subscribe('news', (message) => ended.push(message));
      await b.subscribe('news', (message) => kept.push(message));
      await end();
      await a.publish('news', 'after');
      await eventually(() => expect(kept).toEqual(['after']), 1000);
      expect(ended).toEqual([]);
    });
  });

  describe('redeemOnce (single-use markers)', () => {
    it('is true for the first of 50 concurrent redemptions on three instances, false for the others', async () => {
      const stores = [a, b, c];
      const first = await Promise.all(Array.from({ length: 50 }, (_, i) => redeemOnce(stores[i % 3]!, 'oauth-state', 'state-123', 60_000)));
      expect(first.filter(Boolean)).toHaveLength(1);
      expect(await redeemOnce(a, 'oauth-state', 'state-456', 60_000)).toBe(true);
      expect(await redeemOnce(a, 'other-scope', 'state-123', 60_000)).toBe(true);
    });

    it('keeps no redeemable value in the store', async () => {
      await redeemOnce(a, 'oauth-state', 'secret-state', 60_000);
      expect(await a.get('used:oauth-state:secret-state')).toBeUndefined();
    });
  });

  describe('sharedOnce (one producer, shared result)', () => {
    const options = { lockTtlMs: 10_000, resultTtlMs: 60_000, waitMs: 10_000 };

    it('calls produce exactly once for 30 concurrent callers on three instances', async () => {
      let calls = 0;
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const produce = async () => {
        calls++;
        await gate;
        return `token-${calls}`;
      };
      const stores = [a, b, c];
      const results = Promise.all(Array.from({ length: 30 }, (_, i) => sharedOnce(stores[i % 3]!, 'm2m:orders/read', options, produce)));
      await eventually(() => expect(calls).toBe(1));
      release();
      expect(new Set(await results)).toEqual(new Set(['token-1']));
      expect(calls).toBe(1);
      // Later callers reuse the stored result until its TTL ends.
      expect(await sharedOnce(c, 'm2m:orders/read', options, produce)).toBe('token-1');
      expect(calls).toBe(1);
    });

    it('produces again once the result has expired', async () => {
      let calls = 0;
      const produce = async () => `v${++calls}`;
      expect(await sharedOnce(a, 'k', { ...options, resultTtlMs: 30 }, produce)).toBe('v1');
      await eventually(async () => expect(await b.get('k:result')).toBeUndefined(), 3000);
      expect(await sharedOnce(b, 'k', options, produce)).toBe('v2');
    });

    it('keeps the result for the TTL produce gives with it', async () => {
      let calls = 0;
      const produce = async () => ({ value: `v${++calls}`, ttlMs: 30 });
      expect(await sharedOnce(a, 'k', options, produce)).toBe('v1');
      await eventually(async () => expect(await b.get('k:result')).toBeUndefined(), 3000);
      expect(await sharedOnce(b, 'k', options, produce)).toBe('v2');
    });

    it('lets a waiting instance take over when the producer fails', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let calls = 0;
      const failing = sharedOnce(a, 'k', options, async () => {
        calls++;
        await gate;
        throw new Error('Cognito unreachable');
      });
      await eventually(() => expect(calls).toBe(1));
      const waiting = sharedOnce(b, 'k', options, async () => {
        calls++;
        return 'from-b';
      });
      release();
      await expect(failing).rejects.toThrow('Cognito unreachable');
      expect(await waiting).toBe('from-b');
      expect(calls).toBe(2);
    });

    it('gives up with SharedResultTimeoutError when the lock holder never answers', async () => {
      await a.set('stuck:lock', 'someone-else', 60_000);
      let called = false;
      const produce = async () => ((called = true), 'never');
      await expect(sharedOnce(b, 'stuck', { ...options, waitMs: 50 }, produce)).rejects.toBeInstanceOf(SharedResultTimeoutError);
      expect(called).toBe(false);
    });
  });

  describe('ServerSessions', () => {
    let sessions: ServerSessions;
    let elsewhere: ServerSessions;

    beforeEach(() => {
      sessions = new ServerSessions(a);
      elsewhere = new ServerSessions(b);
    });

    it('stores opaque values under random ids, readable from every instance', async () => {
      const id = await sessions.create('alice', 'sealed-1', 60_000);
      expect(id).toMatch(/^[\w-]{43}$/);
      expect(await elsewhere.read(id)).toBe('sealed-1');
      expect(await elsewhere.read('unknown')).toBeUndefined();
    });

    it("lists a user's sessions and ends them all in one call", async () => {
      const one = await sessions.create('alice', 'a1', 60_000);
      const two = await elsewhere.create('alice', 'a2', 60_000);
      const bobs = await sessions.create('bob', 'b1', 60_000);
      expect((await elsewhere.list('alice')).sort()).toEqual([one, two].sort());
      expect((await elsewhere.endAll('alice')).sort()).toEqual([one, two].sort());
      expect(await sessions.list('alice')).toEqual([]);
      expect(await sessions.read(one)).toBeUndefined();
      expect(await sessions.read(two)).toBeUndefined();
      expect(await sessions.list('bob')).toEqual([bobs]);
    });

    it('updates a live session and restarts its TTL, but never recreates an ended one', async () => {
      const id = await sessions.create('alice', 'v1', 60_000);
      expect(await elsewhere.update(id, 'alice', 'v2', 60_000)).toBe(true);
      expect(await sessions.read(id)).toBe('v2');
      await sessions.end(id, 'alice');
      expect(await elsewhere.update(id, 'alice', 'v3', 60_000)).toBe(false);
      expect(await sessions.read(id)).toBeUndefined();
      expect(await sessions.list('alice')).toEqual([]);
    });

    it('forgets an expired session, in the index too', async () => {
      const short = await sessions.create('alice', 'v', 30);
      const long = await sessions.create('alice', 'w', 60_000);
      await eventually(async () => expect(await elsewhere.read(short)).toBeUndefined(), 3000);
      expect(await elsewhere.list('alice')).toEqual([long]);
    });
  });
});
