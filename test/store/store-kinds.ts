import { randomUUID } from 'node:crypto';
import type { CognitoStore } from '../../src/cognito/store/cognito-store.interface.js';
import { MemoryCognitoStore } from '../../src/cognito/store/memory-cognito.store.js';
import { RedisCognitoStore, type RedisCognitoStoreOptions } from '../../src/cognito/store/redis-cognito.store.js';
import type { RedisServer } from './redis-server.js';

/** Fast reconnection for tests: an outage is noticed and left within milliseconds. */
export const FAST_RECONNECT = { retryDelayMs: 20, maxRetryDelayMs: 100, commandTimeoutMs: 1000 } satisfies RedisCognitoStoreOptions;

/**
 * A world of instances sharing one state. `instance()` opens one more "instance" of the service:
 * with Redis, a store of its own on the shared Redis; in memory, a distinct facade over one
 * MemoryCognitoStore (as several lists in one process share it). Keys are unique per world.
 */
export interface StoreWorld {
  instance(): CognitoStore;
  close(): Promise<void>;
}

export interface StoreKind {
  name: string;
  open(): StoreWorld;
}

export function storeKinds(redis: { readonly server: RedisServer }): StoreKind[] {
  return [
    {
      name: 'MemoryCognitoStore',
      open() {
        const shared = new MemoryCognitoStore();
        return { instance: () => facade(shared), close: () => shared.close() };
      },
    },
    {
      name: 'RedisCognitoStore',
      open() {
        const keyPrefix = `test-${randomUUID()}:`;
        const opened: RedisCognitoStore[] = [];
        return {
          instance() {
            const store = new RedisCognitoStore({ url: redis.server.url(), keyPrefix, ...FAST_RECONNECT });
            opened.push(store);
            return store;
          },
          close: async () => void (await Promise.all(opened.map((store) => store.close()))),
        };
      },
    },
  ];
}

/** Another object over the same store: helpers that keep per-store state see a separate instance. */
function facade(store: CognitoStore): CognitoStore {
  return {
    get: (key) => store.get(key),
    set: (key, value, ttlMs, condition) => store.set(key, value, ttlMs, condition),
    delete: (key, ifValue) => store.delete(key, ifValue),
    addMember: (key, member, ttlMs) => store.addMember(key, member, ttlMs),
    members: (key) => store.members(key),
    removeMember: (key, member) => store.removeMember(key, member),
    publish: (channel, message) => store.publish(channel, message),
    subscribe: (channel, listener) => store.subscribe(channel, listener),
    get connected() {
      return store.connected;
    },
    onConnectionChange: (listener) => store.onConnectionChange(listener),
    close: async () => undefined,
  };
}
