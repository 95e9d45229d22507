import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RevocationList, type RevocationListOptions } from '../../src/cognito/revocation/revocation-list.js';
import { claims } from './claims.js';
import { eventually } from './eventually.js';
import { useRedisServer } from './redis-server.js';
import { storeKinds, type StoreWorld } from './store-kinds.js';

const redis = useRedisServer();

describe.each(storeKinds(redis))('RevocationList on $name', (kind) => {
  let world: StoreWorld;
  const lists: RevocationList[] = [];

  /** Starts one more instance's list on the shared store. */
  async function instance(options: RevocationListOptions = {}): Promise<RevocationList> {
    const list = new RevocationList(world.instance(), options);
    lists.push(list);
    await list.start();
    return list;
  }

  beforeEach(() => {
    world = kind.open();
  });
  afterEach(async () => {
    await Promise.all(lists.splice(0).map((list) => list.stop()));
    await world.close();
  });

  describe('on one instance', () => {
    it('refuses the signed-out tokens and every sibling of their sign-in (same origin_jti), nothing else', async () => {
      const list = await instance();
      const access = claims();
      const id = claims({ origin_jti: access.origin_jti });
      const refreshedLater = claims({ origin_jti: access.origin_jti });
      const otherSignIn = claims();
      expect(list.synchronised).toBe(true);
      expect(list.isRevoked(access)).toBe(false);
      expect(await list.revoke([access, id])).toBe(true);
      expect(list.isRevoked(access)).toBe(true);
      expect(list.isRevoked(id)).toBe(true);
      expect(list.isRevoked(refreshedLater)).toBe(true);
      expect(list.isRevoked(otherSignIn)).toBe(false);
    });

    it('revokes by jti when a token has no origin_jti, and says so when a token has neither', async () => {
      const list = await instance();
      const jtiOnly = claims({ origin_jti: undefined });
      expect(await list.revoke(jtiOnly)).toBe(true);
      expect(list.isRevoked(jtiOnly)).toBe(true);
      expect(list.isRevoked(claims({ origin_jti: undefined }))).toBe(false);
      const anonymous = claims({ origin_jti: undefined, jti: undefined });
      expect(await list.revoke(anonymous)).toBe(false);
      expect(list.isRevoked(anonymous)).toBe(false);
    });

    it("revokeAllFor refuses a user's tokens issued before the moment, not later ones nor other users'", async () => {
      const list = await instance();
      const now = Date.now();
      const earlier = claims({ iat: Math.floor(now / 1000) - 60 });
      const later = claims({ iat: Math.ceil(now / 1000) + 1 });
      const bobs = claims({ sub: 'bob', iat: Math.floor(now / 1000) - 60 });
      await list.revokeAllFor('alice', now);
      expect(list.isRevoked(earlier)).toBe(true);
      expect(list.isRevoked(later)).toBe(false);
      expect(list.isRevoked(bobs)).toBe(false);
    });

    it('keeps a sign-in revoked one token lifetime from now, even when the given token expires sooner', async () => {
      const list = await instance();
      const now = Math.floor(Date.now() / 1000);
      // Issued 59 minutes ago: it expires in a minute, but a sibling refreshed just now lives an hour.
      const old = claims({ iat: now - 3540, exp: now + 60 });
      await list.revoke(old);
      const entries = await world.instance().members('revocations');
      expect(entries.find(({ member }) => member === `o:${old.origin_jti}`)!.ttlMs).toBeGreaterThan(3_000_000);
      // The token itself needs refusing only until its own exp.
      expect(entries.find(({ member }) => member === `j:${old.jti}`)!.ttlMs).toBeLessThanOrEqual(60_000);
    });

    it('forgets revocations once every token they could refuse has expired', async () => {
      const list = await instance({ maxTokenLifetimeSeconds: 0.05 });
      // What was recorded, and for how long, is read from the announcements: no race with the expiry.
      const announced: string[] = [];
      await world.instance().subscribe('revocations', (message) => announced.push(message));
      const seconds = Date.now() / 1000;
      const shortLived = claims({ iat: seconds, exp: seconds + 0.05 });
      await list.revoke(shortLived);
      await list.revokeAllFor('bob');
      await eventually(() => {
        const ttls = new Map(announced.map((message) => [message.split(' ')[1]!.replace(/^s:\d+:/, 's:'), Number(message.split(' ')[0])]));
        // (Its jti too, unless the token had already expired when revoked: a stalled machine.)
        expect([...ttls.keys()]).toEqual(expect.arrayContaining([`o:${shortLived.origin_jti}`, 's:bob']));
        for (const ttl of ttls.values()) expect(ttl).toBeLessThanOrEqual(50);
      }, 1000);
      const bobs = claims({ sub: 'bob', iat: Math.floor(seconds) - 1 });
      await eventually(() => {
        expect(list.isRevoked(shortLived)).toBe(false);
        expect(list.isRevoked(bobs)).toBe(false);
      }, 3000);
      await eventually(async () => expect(await world.instance().members('revocations')).toEqual([]), 3000);
    });
  });

  describe('on three instances', () => {
    it('a revocation on one is refused by the others within 1 s', async () => {
      const [a, b, c] = [await instance(), await instance(), await instance()];
      const token = claims();
      const everyone = claims({ sub: 'carol', iat: Math.floor(Date.now() / 1000) - 5 });
      await a.revoke(token);
      await b.revokeAllFor('carol');
      await eventually(() => {
        for (const list of [a, b, c]) {
          expect(list.isRevoked(token)).toBe(true);
          expect(list.isRevoked(everyone)).toBe(true);
        }
      }, 1000);
    });

    it('an instance started later refuses what was revoked before it started', async () => {
      const a = await instance();
      const token = claims();
      await a.revoke(token);
      await a.revokeAllFor('dave');
      const later = await instance();
      expect(later.isRevoked(token)).toBe(true);
      expect(later.isRevoked(claims({ sub: 'dave', iat: Math.floor(Date.now() / 1000) - 5 }))).toBe(true);
      expect(later.isRevoked(claims())).toBe(false);
    });
  });
});
