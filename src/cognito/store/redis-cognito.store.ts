import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { StoreUnavailableError } from '../errors/store.errors.js';
import type { CognitoStore, SetCondition, StoreMember } from './cognito-store.interface.js';
import { ADD_MEMBER, DELETE_IF_VALUE, LIVE_MEMBERS } from './redis-scripts.js';

export interface RedisCognitoStoreOptions {
  /** e.g. `redis://127.0.0.1:6379/0` or `rediss://:password@host:6380/0`. Either this or `client`. */
  url?: string;
  /** An existing ioredis client: used for commands, duplicated for subscriptions, never closed here. */
  client?: Redis;
  /** Prepended to every key and channel. Default `nest-cognito:`. */
  keyPrefix?: string;
  /** An operation that gets no answer within this fails with `StoreUnavailableError`. Default 2000 ms. */
  commandTimeoutMs?: number;
  /** Reconnection waits `attempt × retryDelayMs`, at most `maxRetryDelayMs`. Defaults 100 and 2000 ms. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
}

type Listener = (message: string) => void;

/**
 * The store shared by every instance, on Redis ≥ 6.2. Each operation is one command or one Lua
 * script, so it is atomic across instances; expiring-set members expire by Redis's own clock.
 * Subscriptions use a second connection, which a subscribed connection requires.
 *
 * While a connection is down, operations fail at once with `StoreUnavailableError` instead of
 * queueing (only the very first connection attempt is waited for), `connected` is false, and on
 * reconnecting the store subscribes again before it reports `connected`, so a listener that
 * resynchronises then misses nothing. Logs never contain the URL, a key or a value.
 */
export class RedisCognitoStore implements CognitoStore {
  private readonly logger = new Logger('CognitoStore');
  private readonly client: Redis;
  private readonly ownsClient: boolean;
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private subscriber?: Redis;
  private subscriberActive = false;
  private readonly channels = new Map<string, Set<Listener>>();
  private readonly connectionListeners = new Set<(connected: boolean) => void>();
  private lastConnected = false;
  /** Whether the current outage was logged already: one warning per outage, not one per retry. */
  private reported = false;
  private everConnected = false;
  private firstAttemptDone = false;
  private closed = false;
  private readonly unwatch: () => void;

  constructor(options: RedisCognitoStoreOptions) {
    this.prefix = options.keyPrefix ?? 'nest-cognito:';
    this.timeoutMs = options.commandTimeoutMs ?? 2000;
    if (options.client !== undefined) {
      this.client = options.client;
      this.ownsClient = false;
    } else if (options.url !== undefined) {
      const retryDelayMs = options.retryDelayMs ?? 100;
      const maxRetryDelayMs = options.maxRetryDelayMs ?? 2000;
      this.client = new Redis(options.url, {
        // Fail fast during an outage rather than queue commands that callers have given up on.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        commandTimeout: this.timeoutMs,
        retryStrategy: (attempt) => Math.min(attempt * retryDelayMs, maxRetryDelayMs),
      });
      this.ownsClient = true;
    } else {
      throw new TypeError('RedisCognitoStore: give a `url` or a `client`');
    }
    this.unwatch = this.watch(this.client);
  }

  get connected(): boolean {
    return this.client.status === 'ready' && (this.subscriber === undefined || this.subscriberActive);
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.run(() => this.client.get(this.prefix + key))) ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number, condition: SetCondition = 'always'): Promise<boolean> {
    const k = this.prefix + key;
    const ttl = wholeMs(ttlMs);
    const reply = await this.run(() =>
      condition === 'if-absent'
        ? this.client.set(k, value, 'PX', ttl, 'NX')
        : condition === 'if-present'
          ? this.client.set(k, value, 'PX', ttl, 'XX')
          : this.client.set(k, value, 'PX', ttl),
    );
    return reply === 'OK';
  }

  async delete(key: string, ifValue?: string): Promise<boolean> {
    const k = this.prefix + key;
    const deleted = await this.run(() => (ifValue === undefined ? this.client.del(k) : this.client.eval(DELETE_IF_VALUE, 1, k, ifValue)));
    return deleted === 1;
  }

  async addMember(key: string, member: string, ttlMs: number): Promise<void> {
    await this.run(() => this.client.eval(ADD_MEMBER, 1, this.prefix + key, member, wholeMs(ttlMs)));
  }

  async members(key: string): Promise<StoreMember[]> {
    const flat = (await this.run(() => this.client.eval(LIVE_MEMBERS, 1, this.prefix + key))) as string[];
    const members: StoreMember[] = [];
    for (let i = 0; i < flat.length; i += 2) members.push({ member: flat[i]!, ttlMs: Number(flat[i + 1]) });
    return members;
  }

  async removeMember(key: string, member: string): Promise<void> {
    await this.run(() => this.client.zrem(this.prefix + key, member));
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.run(() => this.client.publish(this.prefix + channel, message));
  }

  async subscribe(channel: string, listener: Listener): Promise<() => Promise<void>> {
    const name = this.prefix + channel;
    const own: Listener = (message) => listener(message);
    let listeners = this.channels.get(name);
    if (listeners === undefined) this.channels.set(name, (listeners = new Set()));
    listeners.add(own);
    const subscriber = this.subscriberConnection();
    if (subscriber.status === 'ready') {
      await subscriber.subscribe(name).catch(() => undefined);
    } else {
      // Still connecting: its 'ready' handler subscribes to every channel, then reports `connected`.
      await this.firstAttempt();
      if (this.client.status === 'ready') await this.nextConnected();
    }
    return async () => {
      listeners.delete(own);
      if (listeners.size > 0 || this.channels.get(name) !== listeners) return;
      this.channels.delete(name);
      if (subscriber.status === 'ready') await subscriber.unsubscribe(name).catch(() => undefined);
    };
  }

  onConnectionChange(listener: (connected: boolean) => void): () => void {
    this.connectionListeners.add(listener);
    return () => void this.connectionListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.connectionListeners.clear();
    this.channels.clear();
    this.subscriber?.disconnect();
    if (this.ownsClient) this.client.disconnect();
    else this.unwatch();
  }

  /** Nest calls this after every onModuleDestroy (so after the revocation list stopped) when the store is a provider. */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  /** Runs one operation: at once when connected, after the first connection attempt at start-up, else fails. */
  private async run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.client.status !== 'ready') await this.firstAttempt();
    if (this.client.status !== 'ready') throw new StoreUnavailableError(`Redis is not connected (${this.client.status})`);
    try {
      return await operation();
    } catch (error) {
      // The ioredis error may carry the command and its arguments: only its code goes on.
      throw new StoreUnavailableError(`Redis operation failed (${describe(error)})`);
    }
  }

  /** Before the first connection attempt has ended, waits for it (at most the command timeout). */
  private async firstAttempt(): Promise<void> {
    if (this.firstAttemptDone || this.closed) return;
    if (this.client.status === 'wait') this.client.connect().catch(() => undefined);
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.client.off('ready', done).off('close', done);
        resolve();
      };
      const timer = setTimeout(done, this.timeoutMs);
      this.client.once('ready', done).once('close', done);
    });
  }

  /** Resolves when `connected` next becomes true, or after the command timeout. */
  private nextConnected(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        stop();
        resolve();
      };
      const timer = setTimeout(done, this.timeoutMs);
      const stop = this.onConnectionChange((connected) => connected && done());
    });
  }

  private subscriberConnection(): Redis {
    if (this.subscriber !== undefined) return this.subscriber;
    const subscriber = this.client.duplicate({ autoResubscribe: false, enableOfflineQueue: false, lazyConnect: false });
    this.subscriber = subscriber;
    subscriber.on('message', (channel: string, message: string) => {
      for (const listener of this.channels.get(channel) ?? []) {
        try {
          listener(message);
        } catch (error) {
          this.logger.error(`a subscriber of the store failed: ${describe(error)}`);
        }
      }
    });
    subscriber.on('ready', () => {
      const names = [...this.channels.keys()];
      (names.length > 0 ? subscriber.subscribe(...names) : Promise.resolve()).then(
        () => {
          this.subscriberActive = subscriber.status === 'ready';
          this.update();
        },
        () => undefined, // The connection dropped again; its next 'ready' retries.
      );
    });
    subscriber.on('close', () => {
      this.subscriberActive = false;
      this.update();
    });
    subscriber.on('error', () => undefined); // Reported once through the command connection.
    this.update();
    return subscriber;
  }

  /** Follows the command connection; returns what removes its listeners (the client may be the caller's). */
  private watch(client: Redis): () => void {
    const attempted = () => {
      this.firstAttemptDone = true;
      this.update();
    };
    const ended = () => this.update();
    const failed = (error: unknown) => {
      // Without a listener ioredis prints the error (with host and port) itself.
      if (!this.reported) this.logger.warn(`Redis unreachable (${describe(error)}); retrying, operations fail fast meanwhile`);
      this.reported = true;
    };
    client.on('ready', attempted).on('close', attempted).on('end', ended).on('error', failed);
    // A caller's client may be connected already: no 'ready' will come.
    if (client.status === 'ready') attempted();
    return () => void client.off('ready', attempted).off('close', attempted).off('end', ended).off('error', failed);
  }

  private update(): void {
    if (this.closed) return;
    const connected = this.connected;
    if (connected === this.lastConnected) return;
    this.lastConnected = connected;
    if (connected) {
      if (this.reported) this.logger.log('Redis connection restored');
      this.reported = false;
      this.everConnected = true;
    } else if (this.everConnected && !this.reported) {
      this.logger.warn('Redis connection lost; retrying, operations fail fast meanwhile');
      this.reported = true;
    }
    for (const listener of [...this.connectionListeners]) listener(connected);
  }
}

/** A short, secret-free description of a client error: its code, or its class name. */
function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    // Redis replies start with an upper-case code (WRONGTYPE, NOAUTH, READONLY); never the arguments.
    const reply = /^[A-Z]{3,}\b/.exec(error.message)?.[0];
    if (reply !== undefined) return reply;
    if (/timed out/i.test(error.message)) return 'timeout';
    return error.name;
  }
  return 'unknown error';
}

/** Redis wants whole, positive milliseconds. */
function wholeMs(ttlMs: number): number {
  return Math.max(1, Math.ceil(ttlMs));
}
