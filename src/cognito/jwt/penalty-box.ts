/**
 * Decides when a token whose `kid` we do not know may make a key store fetch its JWKS. Without one,
 * every token with a made-up `kid` costs a JWKS request. One penalty box per JWKS URI.
 */
export interface PenaltyBox {
  /** Whether a fetch for an unknown kid may start at `now` (epoch ms). */
  isOpen(now: number): boolean;
  /** A fetch for an unknown kid did not find it, or failed: wait before the next one. */
  registerFailure(now: number): void;
  /** A fetch found the kid it was made for. */
  registerSuccess(): void;
}

/**
 * After a failed fetch, unknown kids trigger no fetch for `waitMs`. Any fetch loads the whole JWKS,
 * so a key rotated in during a flood of made-up kids verifies at most `waitMs` after it appeared:
 * the first flood token after the wait fetches it along.
 */
export class SimplePenaltyBox implements PenaltyBox {
  private closedUntil = Number.NEGATIVE_INFINITY;

  constructor(readonly waitMs: number) {}

  isOpen(now: number): boolean {
    return now >= this.closedUntil;
  }

  registerFailure(now: number): void {
    this.closedUntil = Math.max(this.closedUntil, now + this.waitMs);
  }

  registerSuccess(): void {
    this.closedUntil = Number.NEGATIVE_INFINITY;
  }
}
