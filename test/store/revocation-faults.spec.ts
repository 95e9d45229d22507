import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { RevocationStatusUnknownError, StoreUnavailableError } from '../../src/cognito/errors/store.errors.js';
import { RevocationList, type RevocationListOptions } from '../../src/cognito/revocation/revocation-list.js';
import { RedisCognitoStore } from '../../src/cognito/store/redis-cognito.store.js';
import { claims } from './claims.js';
import { eventually } from './eventually.js';
import { RedisServer } from './redis-server.js';
import { FAST_RECONNECT } from './store-kinds.js';

const PASSWORD = 'pw-s3cret-do-not-log';

/** Redis killed (SIGKILL) and restarted empty under the lists' feet; every instance must converge. */
describe('RevocationList when Redis fails', () => {
  let server: RedisServer;
  let keyPrefix: string;
  const stores: RedisCognitoStore[] = [];
  const lists: RevocationList[] = [];
  const logged: string[] = [];

  function store(): RedisCognitoStore {
    const opened = new RedisCognitoStore({ url: server.url(), keyPrefix, ...FAST_RECONNECT });
    stores.push(opened);
    return opened;
  }

  async function instance(options: RevocationListOptions = {}): Promise<RevocationList> {
    const list = new RevocationList(store(), options);
    lists.push(list);
    await list.start();
    return list;
  }

  beforeAll(async () => {
    server = await RedisServer.unstarted({ password: PASSWORD });
  });
  afterAll(async () => {
    await server.dispose();
  });
  beforeEach(async () => {
    keyPrefix = `faults-${randomUUID()}:`;
    for (const level of ['log', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(Logger.prototype, level).mockImplementation((message: unknown) => void logged.push(String(message)));
    }
    if (!server.running) await server.restart();
  });
  afterEach(async () => {
    await Promise.all(lists.splice(0).map((list) => list.stop()));
    await Promise.all(stores.splice(0).map((opened) => opened.close()));
    vi.restoreAllMocks();
    // No log line of any test may carry the password (or the URL that holds it).
    expect(logged.filter((line) => line.includes(PASSWORD) || line.includes('redis://'))).toEqual([]);
    logged.length = 0;
  });

  it('starts while Redis is down, works from memory, and catches up when Redis comes up', async () => {
    await server.kill();
    const list = await instance();
    const strict = await instance({ failClosed: true });
    expect(list.synchronised).toBe(false);
    expect(logged.some((line) => /revocations (not loaded|could not be loaded)/.test(line))).toBe(true);
    // Fail-closed refuses to guess before it has ever loaded the list.
    expect(() => strict.isRevoked(claims())).toThrow(RevocationStatusUnknownError);

    const revokedMeanwhile = claims();
    expect(list.isRevoked(revokedMeanwhile)).toBe(false);
    await list.revoke(revokedMeanwhile);
    expect(list.isRevoked(revokedMeanwhile)).toBe(true);

    await server.restart();
    await eventually(() => {
      expect(list.synchronised).toBe(true);
      expect(strict.isRevoked(revokedMeanwhile)).toBe(true);
    });
    const later = await instance();
    expect(later.isRevoked(revokedMeanwhile)).toBe(true);
  });

  it('fails fast while Redis is down: a store operation rejects with StoreUnavailableError', async () => {
    const opened = store();
    await opened.set('k', 'v', 60_000);
    await server.kill();
    await eventually(() => expect(opened.connected).toBe(false));
    await expect(opened.get('k')).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('killed mid-run and restarted empty: every instance, and one started later, refuses both the earlier revocation and the one made while down', async () => {
    const [a, b, c] = [await instance(), await instance(), await instance()];
    const before = claims();
    await a.revoke(before);
    await eventually(() => expect([b.isRevoked(before), c.isRevoked(before)]).toEqual([true, true]), 1000);

    await server.kill();
    await eventually(() => expect(stores.map((opened) => opened.connected)).toEqual([false, false, false]));
    // Lost Redis: every list still answers from memory, without an exception.
    expect([a, b, c].map((list) => list.isRevoked(before))).toEqual([true, true, true]);
    const whileDown = claims({ sub: 'bob' });
    await b.revoke(whileDown);
    await b.revokeAllFor('erin');
    const erins = claims({ sub: 'erin', iat: Math.floor(Date.now() / 1000) - 5 });
    expect(b.isRevoked(whileDown)).toBe(true);
    expect(a.isRevoked(whileDown)).toBe(false);

    await server.restart(); // Empty: no persistence.
    await eventually(() => {
      for (const list of [a, b, c]) {
        expect(list.synchronised).toBe(true);
        expect(list.isRevoked(before)).toBe(true);
        expect(list.isRevoked(whileDown)).toBe(true);
        expect(list.isRevoked(erins)).toBe(true);
      }
    });
    const later = await instance();
    expect(later.isRevoked(before)).toBe(true);
    expect(later.isRevoked(whileDown)).toBe(true);
    expect(later.isRevoked(erins)).toBe(true);
    expect(later.isRevoked(claims())).toBe(false);
  });

  it('fail-closed: refuses to answer once out of sync past the grace period, answers again once resynchronised', async () => {
    const strict = await instance({ failClosed: true, failClosedGraceMs: 20 });
    const tolerant = await instance({ failClosed: true, failClosedGraceMs: 600_000 });
    const revoked = claims();
    await strict.revoke(revoked);
    expect(strict.isRevoked(revoked)).toBe(true);
    expect(strict.isRevoked(claims())).toBe(false);

    await server.kill();
    await eventually(() => expect(() => strict.isRevoked(revoked)).toThrow(RevocationStatusUnknownError));
    // Within its grace, a list keeps answering from memory.
    expect(tolerant.isRevoked(revoked)).toBe(true);
    expect(tolerant.isRevoked(claims())).toBe(false);

    await server.restart();
    await eventually(() => {
      expect(strict.isRevoked(revoked)).toBe(true);
      expect(strict.isRevoked(claims())).toBe(false);
    });
  });
});
