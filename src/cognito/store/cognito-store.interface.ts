/**
 * Where auth state lives when a service runs as several instances (as `@nestjs/throttler`'s
 * storage: in memory by default, Redis to go from one machine to many).
 *
 * Why these operations. Every use is one of a few shapes, and each shape is one atomic operation,
 * so no caller ever reads, decides and writes back (the race that let floods through
 * @nestjs/throttler's Redis storage before it got one `increment`):
 * - `set(…, 'if-absent')` (SET NX PX): single-use markers (a redeemed OAuth `state`) and locks;
 *   `set(…, 'if-present')` (SET XX PX) updates a server-side session without resurrecting one a
 *   concurrent sign-out just ended; `delete(key, ifValue)` releases only a lock one still holds.
 * - expiring sets (`addMember`/`members`/`removeMember`): each member has its own expiry, which
 *   only ever extends. They hold the revocations (listable in full when an instance starts or
 *   resynchronises) and the per-user index of server-side sessions.
 * - `publish`/`subscribe`: other instances learn of a revocation within milliseconds.
 * - `onConnectionChange`: an instance resynchronises when its connection comes back.
 * Every entry carries a TTL: nothing is kept forever. Values are opaque strings; callers encrypt
 * what is secret (session tokens are sealed with the cookie secret before they get here).
 *
 * What each store guarantees. `MemoryCognitoStore`: every operation atomic, correct for one
 * instance (or several lists in one process), bounded in size, lost on restart.
 * `RedisCognitoStore`: the same operations atomic across all instances sharing the Redis
 * (single commands or Lua scripts, expiry measured by Redis's clock); pub/sub delivery is
 * at-most-once, so listeners also resynchronise from `members()` after a reconnect.
 *
 * When Redis is down, operations fail fast with `StoreUnavailableError` (no queue that grows
 * during an outage) and `connected` is false until both connections are back; what to do then is
 * each caller's decision (the revocation list keeps working from memory).
 */
export interface CognitoStore {
  /** The value under `key`, or undefined when absent or expired. */
  get(key: string): Promise<string | undefined>;

  /**
   * Sets `key` to `value` for `ttlMs`: always, only if absent (SET NX) or only if present (SET XX).
   * Resolves whether it was written.
   */
  set(key: string, value: string, ttlMs: number, condition?: SetCondition): Promise<boolean>;

  /** Deletes `key`, only if it still holds `ifValue` when given. Resolves whether it deleted. */
  delete(key: string, ifValue?: string): Promise<boolean>;

  /** Adds `member` to the expiring set `key` until `ttlMs` from now; an existing, later expiry is kept. */
  addMember(key: string, member: string, ttlMs: number): Promise<void>;

  /** The live members of the expiring set `key`, each with the milliseconds it has left. */
  members(key: string): Promise<StoreMember[]>;

  removeMember(key: string, member: string): Promise<void>;

  /** Sends `message` to every subscriber of `channel`, on every instance (at most once each). */
  publish(channel: string, message: string): Promise<void>;

  /**
   * Calls `listener` with each message published on `channel` from now on. Resolves once the
   * subscription is active, or at once while disconnected (it becomes active on reconnecting).
   * Resolves a function that ends it.
   */
  subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>>;

  /** Whether operations can currently reach the shared state (always true in memory). */
  readonly connected: boolean;

  /** Calls `listener` each time `connected` changes; returns a function that stops it. */
  onConnectionChange(listener: (connected: boolean) => void): () => void;

  /** Ends timers and connections this store opened. */
  close(): Promise<void>;
}

export type SetCondition = 'always' | 'if-absent' | 'if-present';

export interface StoreMember {
  member: string;
  ttlMs: number;
}
