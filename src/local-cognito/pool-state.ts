import type { PreTokenGenerationTrigger, ProviderContext } from './context.js';
import type { Directory } from './directory.js';
import { GrantStore } from './grants.js';
import { issuerUrl } from './issuer.js';
import type { KeyRing } from './keys.js';
import type { LocalIssuerFormat } from './pool.js';
import { SessionStore } from './sessions.js';
import { VerificationCodes } from './verification-codes.js';

/** One pool's live state. URLs are known only once the server's port is bound. */
export class PoolState implements ProviderContext {
  baseUrl = '';
  readonly grants: GrantStore;
  readonly sessions: SessionStore;
  readonly codes: VerificationCodes;

  constructor(
    readonly userPoolId: string,
    readonly region: string,
    public issuerFormat: LocalIssuerFormat,
    readonly directory: Directory,
    readonly keys: KeyRing,
    readonly preTokenGeneration: PreTokenGenerationTrigger | undefined,
    readonly now: () => number,
    readonly log: (line: string) => void,
  ) {
    this.grants = new GrantStore(now);
    this.sessions = new SessionStore(now);
    this.codes = new VerificationCodes(now);
  }

  get issuer(): string {
    return issuerUrl(this.baseUrl, this.userPoolId, this.issuerFormat);
  }

  issuerOf(format: LocalIssuerFormat): string {
    return issuerUrl(this.baseUrl, this.userPoolId, format);
  }
}
