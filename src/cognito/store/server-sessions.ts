import { randomBytes } from 'node:crypto';
import type { CognitoStore } from './cognito-store.interface.js';

// An index entry outlives its session a little: written first, it must not expire first either.
const INDEX_SLACK_MS = 5000;

/**
 * Server-side sessions: an opaque id (what the browser's cookie holds) → an opaque value the
 * caller encrypted, with a TTL, plus a per-user index (sub → ids) so one call lists or ends all of
 * a user's sessions.
 *
 * Writes are ordered so that a failure between the two keys never hides a live session from its
 * user's index: the index entry is written (or extended) first, removed last, and expires a
 * little after its session. An index entry without a session (left by such a failure, or by an
 * update racing a sign-out) is skipped when listing and expires by itself. `update` never
 * recreates a session that was ended meanwhile (SET XX).
 */
export class ServerSessions {
  constructor(
    private readonly store: CognitoStore,
    private readonly prefix = 'session',
  ) {}

  /** Stores a new session for `sub`; resolves its id, 256 random bits. */
  async create(sub: string, value: string, ttlMs: number): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    await this.store.addMember(this.indexKey(sub), id, ttlMs + INDEX_SLACK_MS);
    await this.store.set(this.key(id), value, ttlMs, 'if-absent');
    return id;
  }

  async read(id: string): Promise<string | undefined> {
    return this.store.get(this.key(id));
  }

  /** Replaces the value and restarts its TTL; resolves false (and writes nothing) when the session has ended. */
  async update(id: string, sub: string, value: string, ttlMs: number): Promise<boolean> {
    await this.store.addMember(this.indexKey(sub), id, ttlMs + INDEX_SLACK_MS);
    return this.store.set(this.key(id), value, ttlMs, 'if-present');
  }

  async end(id: string, sub: string): Promise<void> {
    await this.store.delete(this.key(id));
    await this.store.removeMember(this.indexKey(sub), id);
  }

  /** The ids of `sub`'s live sessions. */
  async list(sub: string): Promise<string[]> {
    const members = await this.store.members(this.indexKey(sub));
    const live = await Promise.all(members.map(async ({ member }) => ((await this.store.get(this.key(member))) === undefined ? undefined : member)));
    return live.filter((id) => id !== undefined);
  }

  /** Ends every session of `sub`; resolves the ids it ended. */
  async endAll(sub: string): Promise<string[]> {
    const members = await this.store.members(this.indexKey(sub));
    const ended = await Promise.all(members.map(async ({ member: id }) => ((await this.store.delete(this.key(id))) ? id : undefined)));
    await Promise.all(members.map(({ member: id }) => this.store.removeMember(this.indexKey(sub), id)));
    return ended.filter((id) => id !== undefined);
  }

  private key(id: string): string {
    return `${this.prefix}:${id}`;
  }

  private indexKey(sub: string): string {
    return `${this.prefix}s-of:${sub}`;
  }
}
