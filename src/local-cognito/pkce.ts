import { createHash } from 'node:crypto';
import { sameSecret } from './directory.js';

/** RFC 7636 S256 (the only method Cognito accepts). */
export function verifierMatches(verifier: string, challenge: string): boolean {
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  return sameSecret(challenge, createHash('sha256').update(verifier, 'ascii').digest('base64url'));
}
