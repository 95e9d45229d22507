import { randomUUID } from 'node:crypto';
import { SharedResultTimeoutError } from '../errors/store.errors.js';
import type { CognitoStore } from './cognito-store.interface.js';

export interface SharedOnceOptions {
  /** How long the lock holds if its holder dies; longer than `produce` may take. */
  lockTtlMs: number;
  /** How long the result is kept and reused, unless `produce` says (e.g. a token's `expires_in` less a margin). */
  resultTtlMs: number;
  /** How long a caller waits for another instance's result before `SharedResultTimeoutError`. */
  waitMs: number;
  /** First pause between polls; it doubles up to 200 ms. Default 10 ms. */
  pollMs?: number;
}

/** What `produce` resolves: the value, or the value with its own TTL (known only once produced). */
export type Produced = string | { value: string; ttlMs: number };

// Concurrent callers in one process share one attempt: N requests of one instance cost one poll loop.
const inProcess = new WeakMap<CognitoStore, Map<string, Promise<string>>>();

/**
 * The result stored under `key`, or else `produce()`'s, run by exactly one caller among all
 * instances sharing the store: the one that takes the lock (SET NX PX). The others poll for the
 * result until `waitMs`, and take over if the lock is released without one (the producer failed).
 * Values are opaque: callers encrypt them (a session's tokens are sealed before they get here).
 *
 * Keys used: `${key}:lock` and `${key}:result`. A store failure rejects with
 * `StoreUnavailableError` before `produce` ran; a caller may then produce on its own. Once
 * `produce` has resolved, its value is returned even if storing it fails.
 */
export function sharedOnce(store: CognitoStore, key: string, options: SharedOnceOptions, produce: () => Promise<Produced>): Promise<string> {
  let pending = inProcess.get(store);
  if (pending === undefined) inProcess.set(store, (pending = new Map()));
  const running = pending.get(key);
  if (running !== undefined) return running;
  const attempt = obtain(store, key, options, produce).finally(() => pending.delete(key));
  pending.set(key, attempt);
  return attempt;
}

async function obtain(store: CognitoStore, key: string, options: SharedOnceOptions, produce: () => Promise<Produced>): Promise<string> {
  const resultKey = `${key}:result`;
  const lockKey = `${key}:lock`;
  const deadline = Date.now() + options.waitMs;
  let pause = options.pollMs ?? 10;
  for (;;) {
    const stored = await store.get(resultKey);
    if (stored !== undefined) return stored;
    const token = randomUUID();
    if (await store.set(lockKey, token, options.lockTtlMs, 'if-absent')) {
      // The previous holder may have stored its result and released the lock since our read.
      const late = await store.get(resultKey).catch(() => undefined);
      if (late !== undefined) {
        await store.delete(lockKey, token).catch(() => undefined);
        return late;
      }
      return produceAndShare(store, { resultKey, lockKey, token }, options.resultTtlMs, produce);
    }
    if (Date.now() >= deadline) throw new SharedResultTimeoutError('no result from the instance holding the lock in time');
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause, Math.max(0, deadline - Date.now()))));
    pause = Math.min(pause * 2, 200);
  }
}

async function produceAndShare(
  store: CognitoStore,
  { resultKey, lockKey, token }: { resultKey: string; lockKey: string; token: string },
  resultTtlMs: number,
  produce: () => Promise<Produced>,
): Promise<string> {
  try {
    const produced = await produce();
    const { value, ttlMs } = typeof produced === 'string' ? { value: produced, ttlMs: resultTtlMs } : produced;
    if (ttlMs > 0) await store.set(resultKey, value, ttlMs).catch(() => undefined);
    return value;
  } finally {
    // Released (only if still ours) on failure too, so a waiter takes over at once.
    await store.delete(lockKey, token).catch(() => undefined);
  }
}
