import type { Directory } from './directory.js';
import type { GrantStore } from './grants.js';
import type { KeyRing } from './keys.js';
import type { LocalIssuerFormat, LocalPreTokenGenerationVersion, PreTokenGenerationHandler } from './pool.js';
import type { SessionStore } from './sessions.js';
import type { VerificationCodes } from './verification-codes.js';

/** The pool's trigger with its handler loaded. */
export interface PreTokenGenerationTrigger {
  lambdaVersion: LocalPreTokenGenerationVersion;
  handler: PreTokenGenerationHandler;
}

/** Everything a route needs about one user pool; one per pool, all on the same server. */
export interface ProviderContext {
  /** `http://localhost:{port}`: the hosted-UI "domain", shared by every pool of the server. */
  readonly baseUrl: string;
  /** The issuer of new tokens, in the pool's current format. */
  readonly issuer: string;
  readonly issuerFormat: LocalIssuerFormat;
  /** The issuer in a given format: tokens of either format stay valid after a switch. */
  issuerOf(format: LocalIssuerFormat): string;
  readonly userPoolId: string;
  readonly region: string;
  readonly directory: Directory;
  readonly keys: KeyRing;
  readonly grants: GrantStore;
  readonly sessions: SessionStore;
  readonly codes: VerificationCodes;
  readonly preTokenGeneration?: PreTokenGenerationTrigger | undefined;
  now(): number;
  log(line: string): void;
}
