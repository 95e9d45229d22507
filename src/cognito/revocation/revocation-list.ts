/**
 * The revocation list: tokens signed out here are refused here and on every other instance, until
 * they would have expired anyway.
 *
 * Why. Cognito's revocation does not reach a resource server: revoking a refresh token stops its
 * access and id tokens (which share its `origin_jti`) only at Cognito's endpoints; their signatures
 * still verify. So we keep our own list, of `origin_jti`s (one sign-in), `jti`s (one token) and
 * "every token of this `sub` issued before T" (sign out everywhere).
 *
 * How. `isRevoked()` runs on every request, so it only reads this process's memory (a few Map
 * lookups). The store is how instances share the list: each revocation is written to one expiring
 * set (every entry with its TTL) and published; every instance subscribes, and loads the whole set
 * when it starts and whenever its connection comes back. On one instance, `MemoryCognitoStore`
 * suffices; on many, a `RedisCognitoStore` spreads a revocation to all within milliseconds.
 *
 * When Redis is down: `start()` still resolves (with a warning) and the list enforces what it
 * knows; `isRevoked()` keeps answering from memory; a revocation made meanwhile is enforced here at
 * once and written when Redis is back. On reconnecting, each instance resynchronises both ways: it
 * loads what others wrote meanwhile and writes back whatever live revocation the store lacks, so a
 * Redis that comes back empty (restarted without persistence) is refilled by every instance, and
 * an instance started later still refuses a token revoked before the restart. A revocation made on
 * an instance that then dies while Redis is down is the one thing lost. Teams that prefer refusing
 * to guessing set `failClosed`: `isRevoked()` then throws `RevocationStatusUnknownError` (answer
 * 503) before the first load and while the list has been out of sync for longer than the grace.
 */
import { Logger } from '@nestjs/common';
import { RevocationStatusUnknownError } from '../errors/store.errors.js';
import type { CognitoStore } from '../store/cognito-store.interface.js';
import { decodeRevocation, encodeRevocation, revocationsOf, type CheckedClaims, type RevocableClaims } from './revocation-entry.js';

export interface RevocationListOptions {
  /** Throw `RevocationStatusUnknownError` from `isRevoked()` while out of sync past the grace. Default false. */
  failClosed?: boolean;
  /** With `failClosed`: how long an outage is tolerated, answering from memory. Default 30 s. */
  failClosedGraceMs?: number;
  /** The longest access/id token lifetime of the app clients; `revokeAllFor` is kept this long. Default 1 day, Cognito's maximum. */
  maxTokenLifetimeSeconds?: number;
  /** How often expired entries are dropped and the list is compared with the store again. Default 60 s. */
  resyncIntervalMs?: number;
  /** How long `start()` waits for the store's connections, once it answered. Default 2 s. */
  startTimeoutMs?: number;
}

// One expiring set and one channel, under the store's key prefix.
const SET_KEY = 'revocations';
const CHANNEL = 'revocations';

interface SubjectRevocation {
  before: number;
  expiresAt: number;
}

export class RevocationList {
  private readonly logger = new Logger('CognitoRevocation');
  /** `origin_jti` / `jti` → epoch ms until which they are refused. */
  private readonly origins = new Map<string, number>();
  private readonly tokens = new Map<string, number>();
  /** sub → tokens issued (`iat`) before `before` are refused, until `expiresAt`. */
  private readonly subjects = new Map<string, SubjectRevocation>();
  private readonly failClosed: boolean;
  private readonly graceMs: number;
  private readonly maxLifetimeMs: number;
  private readonly resyncIntervalMs: number;
  private readonly startTimeoutMs: number;
  private inSync = false;
  private everInSync = false;
  private outOfSyncSince = Date.now();
  private warned = false;
  private running = false;
  private syncing?: Promise<void>;
  private syncRequested = false;
  private lastPassFailed = false;
  private timer?: NodeJS.Timeout;
  private retry?: NodeJS.Timeout;
  private readonly syncWaiters = new Set<() => void>();
  private unsubscribe?: () => Promise<void>;
  private unwatch?: () => void;

  constructor(
    private readonly store: CognitoStore,
    options: RevocationListOptions = {},
  ) {
    this.failClosed = options.failClosed ?? false;
    this.graceMs = options.failClosedGraceMs ?? 30_000;
    this.maxLifetimeMs = (options.maxTokenLifetimeSeconds ?? 86_400) * 1000;
    this.resyncIntervalMs = options.resyncIntervalMs ?? 60_000;
    this.startTimeoutMs = options.startTimeoutMs ?? 2000;
  }

  /** Loads the live revocations and follows new ones. Resolves even when the store is unreachable. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.unwatch = this.store.onConnectionChange((connected) => (connected ? void this.resync() : this.markOutOfSync()));
    // Subscribed before loading, so nothing published in between is missed.
    this.unsubscribe = await this.store.subscribe(CHANNEL, (message) => this.receive(message));
    this.timer = setInterval(() => {
      this.prune();
      void this.resync();
    }, this.resyncIntervalMs).unref();
    await this.resync();
    // The store answered but a connection (the subscription's) was still opening: its resync follows shortly.
    if (!this.inSync && !this.lastPassFailed) await this.nextSync(this.startTimeoutMs);
    if (!this.inSync) this.warn(`revocations not loaded: the store is not connected; enforcing the ${this.size} known here until it is`);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.timer);
    clearTimeout(this.retry);
    this.unwatch?.();
    await this.unsubscribe?.().catch(() => undefined);
    await this.syncing;
  }

  onModuleInit(): Promise<void> {
    return this.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  /**
   * Revokes tokens signed out together (e.g. a session's access and id tokens), by their verified
   * claims. Enforced here at once, elsewhere within milliseconds (or when the store is back).
   * Resolves false when a token had neither `origin_jti` nor `jti` (token revocation disabled on
   * its app client): it could not be revoked alone, and `revokeAllFor(sub)` is what is left.
   */
  async revoke(tokens: RevocableClaims | readonly RevocableClaims[]): Promise<boolean> {
    const list: readonly RevocableClaims[] = Array.isArray(tokens) ? tokens : [tokens as RevocableClaims];
    const entries = revocationsOf(list, Date.now(), this.maxLifetimeMs);
    for (const { member, ttlMs } of entries) this.remember(member, ttlMs);
    await this.share(entries);
    return list.every((token) => token.origin_jti !== undefined || token.jti !== undefined);
  }

  /**
   * Refuses every token of `sub` issued before `before` (default now), e.g. after
   * AdminUserGlobalSignOut. Compared with `iat`, which every token has, rather than `auth_time`:
   * each token this refuses has expired one lifetime after `before`, when the entry expires too,
   * so the promise is kept in full. Tokens minted later from a refresh token that survived are
   * not refused: revoke the refresh tokens at Cognito (global sign-out) together with this.
   */
  async revokeAllFor(sub: string, before: Date | number = Date.now()): Promise<void> {
    const beforeMs = Math.ceil(typeof before === 'number' ? before : before.getTime());
    const ttlMs = beforeMs + this.maxLifetimeMs - Date.now();
    if (ttlMs <= 0) return;
    const member = encodeRevocation({ kind: 'subject', sub, before: beforeMs });
    this.remember(member, ttlMs);
    await this.share([{ member, ttlMs }]);
  }

  /**
   * Whether this verified token was revoked, from memory only (never a network round trip). With
   * `failClosed`, throws `RevocationStatusUnknownError` when the answer cannot be trusted.
   */
  isRevoked(claims: CheckedClaims): boolean {
    if (this.failClosed && !this.inSync && (!this.everInSync || Date.now() - this.outOfSyncSince > this.graceMs)) {
      throw new RevocationStatusUnknownError('revocations cannot be checked: the shared store has been unreachable too long');
    }
    const origin = claims.origin_jti === undefined ? undefined : this.origins.get(claims.origin_jti);
    const token = claims.jti === undefined ? undefined : this.tokens.get(claims.jti);
    const subject = this.subjects.get(claims.sub);
    // The common case, no entry at all, does not even read the clock.
    if (origin === undefined && token === undefined && subject === undefined) return false;
    const now = Date.now();
    if ((origin ?? 0) > now || (token ?? 0) > now) return true;
    return subject !== undefined && subject.expiresAt > now && claims.iat * 1000 < subject.before;
  }

  /** Whether the list holds everything the store holds and follows its changes (for health checks). */
  get synchronised(): boolean {
    return this.inSync;
  }

  /** Writes and announces revocations; on failure they stay in memory and the next resync writes them. */
  private async share(entries: Array<{ member: string; ttlMs: number }>): Promise<void> {
    try {
      await this.write(entries);
    } catch (error) {
      this.markOutOfSync();
      this.retrySoon();
      this.warn(`a revocation could not be shared (${codeOf(error)}); it is enforced here and written when the store is back`);
    }
  }

  private async write(entries: Array<{ member: string; ttlMs: number }>): Promise<void> {
    await Promise.all(entries.map(({ member, ttlMs }) => this.store.addMember(SET_KEY, member, ttlMs)));
    await Promise.all(entries.map(({ member, ttlMs }) => this.store.publish(CHANNEL, `${Math.ceil(ttlMs)} ${member}`)));
  }

  private receive(message: string): void {
    const space = message.indexOf(' ');
    const ttlMs = Number(message.slice(0, space));
    if (space > 0 && ttlMs > 0) this.remember(message.slice(space + 1), ttlMs);
  }

  /** Keeps a revocation in memory until `ttlMs` from now, or longer if it is already kept longer. */
  private remember(member: string, ttlMs: number): void {
    const revocation = decodeRevocation(member);
    const expiresAt = Date.now() + ttlMs;
    if (revocation === undefined) return;
    if (revocation.kind === 'subject') {
      const known = this.subjects.get(revocation.sub);
      if (known === undefined || known.before < revocation.before) this.subjects.set(revocation.sub, { before: revocation.before, expiresAt });
      return;
    }
    const map = revocation.kind === 'origin' ? this.origins : this.tokens;
    if ((map.get(revocation.id) ?? 0) < expiresAt) map.set(revocation.id, expiresAt);
  }

  /** Resynchronises with the store; calls made while one runs are served by one more pass. Never rejects. */
  private resync(): Promise<void> {
    this.syncRequested = true;
    this.syncing ??= this.syncPasses().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async syncPasses(): Promise<void> {
    while (this.syncRequested && this.running) {
      this.syncRequested = false;
      try {
        await this.syncOnce();
        this.lastPassFailed = false;
      } catch (error) {
        this.lastPassFailed = true;
        this.markOutOfSync();
        this.retrySoon();
        this.warn(`revocations could not be loaded from the store (${codeOf(error)}); enforcing the ${this.size} known here until it is back`);
      }
    }
  }

  /** Both ways: loads what the store has, then writes back what it lacks (it may have restarted empty). */
  private async syncOnce(): Promise<void> {
    const stored = await this.store.members(SET_KEY);
    for (const { member, ttlMs } of stored) this.remember(member, ttlMs);
    const storedTtl = new Map(stored.map(({ member, ttlMs }) => [member, ttlMs]));
    const missing = this.entries().filter(({ member, ttlMs }) => (storedTtl.get(member) ?? 0) < ttlMs - 1000);
    if (missing.length > 0) {
      // Published too: instances that already resynchronised learn of them now, not at their next resync.
      await this.write(missing);
      this.logger.log(`wrote back ${missing.length} revocation(s) the store lacked`);
    }
    if (this.store.connected) {
      if (this.warned) this.logger.log(`revocations in sync with the store again (${this.size} live)`);
      this.inSync = this.everInSync = true;
      this.warned = false;
      for (const wake of this.syncWaiters) wake();
    }
  }

  /** Every live revocation held in memory, as store members with the time they have left. */
  private entries(): Array<{ member: string; ttlMs: number }> {
    const now = Date.now();
    const entries: Array<{ member: string; ttlMs: number }> = [];
    for (const [id, expiresAt] of this.origins) entries.push({ member: encodeRevocation({ kind: 'origin', id }), ttlMs: expiresAt - now });
    for (const [id, expiresAt] of this.tokens) entries.push({ member: encodeRevocation({ kind: 'token', id }), ttlMs: expiresAt - now });
    for (const [sub, { before, expiresAt }] of this.subjects) entries.push({ member: encodeRevocation({ kind: 'subject', sub, before }), ttlMs: expiresAt - now });
    return entries.filter(({ ttlMs }) => ttlMs > 0);
  }

  private get size(): number {
    return this.origins.size + this.tokens.size + this.subjects.size;
  }

  private prune(): void {
    const now = Date.now();
    for (const map of [this.origins, this.tokens]) for (const [id, expiresAt] of map) if (expiresAt <= now) map.delete(id);
    for (const [sub, { expiresAt }] of this.subjects) if (expiresAt <= now) this.subjects.delete(sub);
  }

  private markOutOfSync(): void {
    if (this.inSync) this.outOfSyncSince = Date.now();
    this.inSync = false;
  }

  /** One warning per outage. */
  private warn(message: string): void {
    if (this.warned) return;
    this.warned = true;
    this.logger.warn(message);
  }

  /**
   * A failure while the connection stays up (a timeout) brings no reconnection event to resync on:
   * try again shortly. While it is down, its return triggers the resync.
   */
  private retrySoon(): void {
    if (!this.store.connected || this.retry !== undefined || !this.running) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.resync();
    }, 1000).unref();
  }

  /** Resolves when the list is next in sync, or after `timeoutMs`. */
  private nextSync(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.syncWaiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, timeoutMs);
      this.syncWaiters.add(wake);
    });
  }
}

/** A store error's code (never its message, which may come from the client). */
function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'error';
}
