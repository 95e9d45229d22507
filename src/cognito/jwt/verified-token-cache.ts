import { createHash, type KeyObject } from 'node:crypto';

interface Entry<T> {
  value: T;
  /** The key that verified it: the entry dies with the key when the JWKS drops it. */
  key: KeyObject;
  kid: string;
  /** Epoch ms after which the entry is useless (the token's exp, plus tolerance). */
  expiresAt: number;
}

/**
 * A bounded LRU of verified tokens. Keyed by the SHA-256 of the whole token, so a hit means the
 * very same bytes were verified before, and memory per entry stays small whatever the token size.
 */
export class VerifiedTokenCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  static keyOf(token: string): string {
    return createHash('sha256').update(token).digest('base64url');
  }

  get(hash: string, now: number): Entry<T> | undefined {
    const entry = this.entries.get(hash);
    if (entry === undefined) return undefined;
    this.entries.delete(hash);
    if (entry.expiresAt <= now) return undefined;
    this.entries.set(hash, entry); // most recently used goes last
    return entry;
  }

  set(hash: string, entry: Entry<T>): void {
    if (this.maxEntries === 0) return;
    this.entries.delete(hash);
    if (this.entries.size >= this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(hash, entry);
  }

  delete(hash: string): void {
    this.entries.delete(hash);
  }
}
