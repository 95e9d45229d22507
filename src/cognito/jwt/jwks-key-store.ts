import { createPublicKey, type KeyObject } from 'node:crypto';
import { Logger } from '@nestjs/common';
import jwksRsa from 'jwks-rsa';
import { JwksUnavailableError, KidNotFoundError } from '../errors/jwt.errors.js';

export interface JwksKeyStoreOptions {
  jwksUri: string;
  cacheMaxAge: number;
  cacheMaxEntries: number;
  requestsPerMinute: number;
  timeout: number;
}

interface CachedKey {
  key: KeyObject;
  expiresAt: number;
}

type SigningKey = jwksRsa.SigningKey;

// How long a stale key keeps serving while the JWKS endpoint is down, before we ask again.
const OUTAGE_RETRY_MS = 30_000;

/**
 * Signing keys of one issuer as `KeyObject`s, parsed once per key instead of once per token.
 * jwks-rsa does the fetching, its own per-kid cache and the rate limit on unknown `kid`s; this
 * store keeps the parsed keys in front of it, each for `cacheMaxAge`, so that a key dropped
 * from the JWKS stops verifying once its entry expires and jwks-rsa fetches again.
 */
export class JwksKeyStore {
  private readonly logger = new Logger('CognitoJwks');
  private readonly client: jwksRsa.JwksClient;
  private readonly keys = new Map<string, CachedKey>();
  private readonly inFlight = new Map<string, Promise<KeyObject>>();

  constructor(private readonly options: JwksKeyStoreOptions) {
    this.client = new jwksRsa.JwksClient({
      jwksUri: options.jwksUri,
      cache: true,
      cacheMaxAge: options.cacheMaxAge,
      cacheMaxEntries: options.cacheMaxEntries,
      rateLimit: true,
      jwksRequestsPerMinute: options.requestsPerMinute,
      timeout: options.timeout,
    });
  }

  /** The cached key for `kid` if it is still fresh; never fetches. The hot path. */
  peek(kid: string, now = Date.now()): KeyObject | undefined {
    const cached = this.keys.get(kid);
    return cached !== undefined && cached.expiresAt > now ? cached.key : undefined;
  }

  async getKey(kid: string): Promise<KeyObject> {
    const fresh = this.peek(kid);
    if (fresh !== undefined) return fresh;
    // Concurrent requests carrying the same new kid share one fetch.
    let pending = this.inFlight.get(kid);
    if (pending === undefined) {
      pending = this.load(kid).finally(() => this.inFlight.delete(kid));
      this.inFlight.set(kid, pending);
    }
    return pending;
  }

  /** Fetches the whole JWKS once so the first requests don't pay for it. Never throws. */
  async warmUp(): Promise<number> {
    try {
      const signingKeys = await this.client.getSigningKeys();
      for (const signingKey of signingKeys) {
        if (signingKey.kid) this.remember(signingKey.kid, signingKey);
      }
      return this.keys.size;
    } catch (error) {
      this.logger.warn(`JWKS not reachable at start-up (${this.options.jwksUri}): ${describe(error)}. Keys will be fetched on demand.`);
      return 0;
    }
  }

  private async load(kid: string): Promise<KeyObject> {
    let signingKey: SigningKey;
    try {
      // jwks-rsa's rate limit is for unknown kids. A kid we already hold is refreshed outside it, so
      // a flood of made-up kids cannot keep the real keys from being refreshed (and everyone out).
      signingKey = this.keys.has(kid) ? await this.refresh(kid) : await this.client.getSigningKey(kid);
    } catch (error) {
      if (error instanceof jwksRsa.SigningKeyNotFoundError || answeredWithoutKeys(error)) {
        this.keys.delete(kid);
        throw new KidNotFoundError('token signing key (kid) is not in the JWKS');
      }
      if (error instanceof jwksRsa.JwksRateLimitError) {
        this.logger.warn('JWKS refetch rate limit reached: too many tokens with unknown kids');
        throw new KidNotFoundError('token signing key (kid) is not in the JWKS');
      }
      const stale = this.keys.get(kid);
      this.logger.error(`JWKS fetch failed (${this.options.jwksUri}): ${describe(error)}`);
      if (stale !== undefined) {
        // Keys rotate rarely; an outage of the JWKS endpoint should not log everyone out.
        stale.expiresAt = Date.now() + OUTAGE_RETRY_MS;
        return stale.key;
      }
      throw new JwksUnavailableError('signing keys are unavailable right now');
    }
    const key = this.remember(kid, signingKey);
    if (key === undefined) throw new KidNotFoundError('token signing key (kid) is not an RS256 key');
    return key;
  }

  /**
   * Fetches the whole JWKS for a kid we hold and remembers every key in it, so keys fetched
   * together come due together: one fetch per `cacheMaxAge`, whatever the number of kids.
   */
  private async refresh(kid: string): Promise<SigningKey> {
    const signingKeys = await this.client.getSigningKeys();
    for (const signingKey of signingKeys) {
      if (signingKey.kid && signingKey.kid !== kid) this.remember(signingKey.kid, signingKey);
    }
    const signingKey = signingKeys.find((candidate) => candidate.kid === kid);
    if (signingKey === undefined) throw new jwksRsa.SigningKeyNotFoundError(`no key with kid ${kid}`);
    return signingKey;
  }

  private remember(kid: string, signingKey: SigningKey): KeyObject | undefined {
    // Only RSA keys for RS256 may verify: a key published for another algorithm is not ours to use.
    if (signingKey.alg !== undefined && signingKey.alg !== 'RS256') return undefined;
    const key = createPublicKey(signingKey.getPublicKey());
    if (key.asymmetricKeyType !== 'rsa') return undefined;
    if (this.keys.size >= this.options.cacheMaxEntries && !this.keys.has(kid)) {
      this.keys.delete(this.keys.keys().next().value!);
    }
    this.keys.set(kid, { key, expiresAt: Date.now() + this.options.cacheMaxAge });
    return key;
  }
}

/**
 * jwks-rsa marks failures to fetch `isEndpointUnavailable`; a `JwksError` without that mark is a
 * JWKS that answered with no usable key: every key was removed, which is not an outage.
 */
function answeredWithoutKeys(error: unknown): boolean {
  return error instanceof jwksRsa.JwksError && !(error as { isEndpointUnavailable?: boolean }).isEndpointUnavailable;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'errorMsg' in error) return String(error.errorMsg);
  return String(error);
}
