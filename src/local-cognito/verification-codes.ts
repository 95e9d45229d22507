import { randomInt } from 'node:crypto';
import { sameSecret } from './directory.js';

export type CodePurpose = 'confirm-sign-up' | 'reset-password';

interface PendingCode {
  code: string;
  expiresAt: number;
  attemptsLeft: number;
}

const LIFETIME_MS: Record<CodePurpose, number> = {
  'confirm-sign-up': 24 * 3600 * 1000,
  'reset-password': 3600 * 1000,
};
const MAX_ATTEMPTS = 5;

/** The 6-digit codes Cognito would e-mail; here they go to the logger. */
export class VerificationCodes {
  private readonly pending = new Map<string, PendingCode>();

  constructor(private readonly now: () => number) {}

  issue(purpose: CodePurpose, username: string): string {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    this.pending.set(key(purpose, username), { code, expiresAt: this.now() + LIFETIME_MS[purpose], attemptsLeft: MAX_ATTEMPTS });
    return code;
  }

  /** Consumes the code on success; a few wrong guesses burn it, as guessing 6 digits is cheap. */
  check(purpose: CodePurpose, username: string, code: string): boolean {
    const k = key(purpose, username);
    const entry = this.pending.get(k);
    if (!entry || this.now() >= entry.expiresAt) return false;
    if (sameSecret(entry.code, code.trim())) {
      this.pending.delete(k);
      return true;
    }
    entry.attemptsLeft -= 1;
    if (entry.attemptsLeft <= 0) this.pending.delete(k);
    return false;
  }
}

function key(purpose: CodePurpose, username: string): string {
  return `${purpose}:${username.toLowerCase()}`;
}
