import type { Directory } from './directory.js';
import type { GrantStore } from './grants.js';
import type { KeyRing } from './keys.js';
import type { SessionStore } from './sessions.js';
import type { VerificationCodes } from './verification-codes.js';

/** Everything a route needs; built once per server. */
export interface ProviderContext {
  /** `http://localhost:{port}`: the hosted-UI "domain". */
  readonly baseUrl: string;
  /** `{baseUrl}/{userPoolId}`. */
  readonly issuer: string;
  readonly userPoolId: string;
  readonly directory: Directory;
  readonly keys: KeyRing;
  readonly grants: GrantStore;
  readonly sessions: SessionStore;
  readonly codes: VerificationCodes;
  now(): number;
  log(line: string): void;
}
