import { Logger } from '@nestjs/common';
import type { CognitoStore, SetCondition, StoreMember } from './cognito-store.interface.js';

export interface MemoryCognitoStoreOptions {
  /** At most this many keys, and this many members per set; past it the oldest entry goes. Default 100 000. */
  maxEntries?: number;
  /** How often expired entries are swept (they are also ignored when read). Default 60 s. */
  sweepIntervalMs?: number;
}

interface Entry {
  value: string;
  expiresAt: number;
}

/**
 * The default store: one process's memory. Every operation is atomic because it runs to
 * completion on the event loop. Correct for one instance; several instances each see only their
 * own state (use `RedisCognitoStore` for those). Bounded: expired entries are swept, and past
 * `maxEntries` the oldest one is dropped (with a warning), as the in-process OAuth state store did.
 */
export class MemoryCognitoStore implements CognitoStore {
  readonly connected = true;
  private readonly logger = new Logger('CognitoStore');
  private readonly values = new Map<string, Entry>();
  private readonly sets = new Map<string, Map<string, number>>();
  private readonly channels = new Map<string, Set<(message: string) => void>>();
  private readonly maxEntries: number;
  private readonly sweeper: NodeJS.Timeout;
  private warnedFull = false;

  constructor(options: MemoryCognitoStoreOptions = {}) {
    this.maxEntries = options.maxEntries ?? 100_000;
    this.sweeper = setInterval(() => this.sweep(), options.sweepIntervalMs ?? 60_000).unref();
  }

  async get(key: string): Promise<string | undefined> {
    return this.live(key)?.value;
  }

  async set(key: string, value: string, ttlMs: number, condition: SetCondition = 'always'): Promise<boolean> {
    const exists = this.live(key) !== undefined;
    if ((condition === 'if-absent' && exists) || (condition === 'if-present' && !exists)) return false;
    this.values.delete(key);
    this.bound(this.values);
    this.values.set(key, { value, expiresAt: Date.now() + ttlMs });
    return true;
  }

  async delete(key: string, ifValue?: string): Promise<boolean> {
    const entry = this.live(key);
    if (entry === undefined || (ifValue !== undefined && entry.value !== ifValue)) return false;
    return this.values.delete(key);
  }

  async addMember(key: string, member: string, ttlMs: number): Promise<void> {
    let set = this.sets.get(key);
    if (set === undefined) this.sets.set(key, (set = new Map()));
    const expiresAt = Math.max(Date.now() + ttlMs, set.get(member) ?? 0);
    set.delete(member);
    this.bound(set);
    set.set(member, expiresAt);
  }

  async members(key: string): Promise<StoreMember[]> {
    const now = Date.now();
    return [...(this.sets.get(key) ?? [])].filter(([, expiresAt]) => expiresAt > now).map(([member, expiresAt]) => ({ member, ttlMs: expiresAt - now }));
  }

  async removeMember(key: string, member: string): Promise<void> {
    this.sets.get(key)?.delete(member);
  }

  async publish(channel: string, message: string): Promise<void> {
    // Delivered later, as Redis would: a publisher never runs its own listeners synchronously.
    for (const listener of this.channels.get(channel) ?? []) setImmediate(() => listener(message));
  }

  async subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>> {
    let listeners = this.channels.get(channel);
    if (listeners === undefined) this.channels.set(channel, (listeners = new Set()));
    const own = (message: string) => listener(message);
    listeners.add(own);
    return async () => void listeners.delete(own);
  }

  onConnectionChange(): () => void {
    return () => undefined;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.channels.clear();
  }

  /** Nest calls this after every onModuleDestroy (so after the revocation list stopped) when the store is a provider. */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  private live(key: string): Entry | undefined {
    const entry = this.values.get(key);
    if (entry !== undefined && entry.expiresAt <= Date.now()) {
      this.values.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Makes room for one more entry in `map` (insertion order: the first is the oldest). */
  private bound(map: Map<string, unknown>): void {
    while (map.size >= this.maxEntries) {
      map.delete(map.keys().next().value!);
      if (!this.warnedFull) this.logger.warn(`memory store full (${this.maxEntries} entries): dropping the oldest`);
      this.warnedFull = true;
    }
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.values) if (entry.expiresAt <= now) this.values.delete(key);
    for (const [key, set] of this.sets) {
      for (const [member, expiresAt] of set) if (expiresAt <= now) set.delete(member);
      if (set.size === 0) this.sets.delete(key);
    }
  }
}
