import { createHash } from 'node:crypto';
import type { CognitoStore } from './cognito-store.interface.js';

/**
 * Marks `secret` (an OAuth `state`, an authorization code) as used under `scope` for `ttlMs`, in
 * one SET NX: resolves true for the first caller on any instance, false for every replay. The
 * store sees only a hash, so a dump of it reveals no value that could still be redeemed.
 */
export async function redeemOnce(store: CognitoStore, scope: string, secret: string, ttlMs: number): Promise<boolean> {
  const digest = createHash('sha256').update(secret).digest('base64url');
  return store.set(`used:${scope}:${digest}`, '1', ttlMs, 'if-absent');
}
