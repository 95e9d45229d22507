import { createPublicKey, type KeyObject } from 'node:crypto';
import { Logger } from '@nestjs/common';
import jwksRsa from 'jwks-rsa';
import { JwksUnavailableError, KidNotFoundError, type CognitoJwtError } from '../errors/jwt.errors.js';
import { systemClock, type Clock } from './clock.js';
import type { JwksFetcher } from './jwks-fetcher.js';
import type { PenaltyBox } from './penalty-box.js';

/** Where the verifier gets the public key for a token's `kid`, for one issuer. */
export interface SigningKeySource {
  /** The key for `kid` if it is known and fresh at `now` (epoch ms); never fetches. The hot path. */
  peek(kid: string, now: number): KeyObject | undefined;
  /** The key for `kid`, fetching when it is stale or new. Rejects with `KidNotFoundError` or `JwksUnavailableError`. */
  getKey(kid: string): Promise<KeyObject>;
  /** Loads the keys before the first token needs them; never rejects. Resolves to the number of keys. */
  warmUp(): Promise<number>;
}

export interface JwksKeyStoreOptions {
  jwksUri: string;
  /** How long a fetched JWKS is trusted, in ms. */
  cacheMaxAge: number;
  /** Most keys kept from one JWKS. */
  cacheMaxEntries: number;
  fetcher: JwksFetcher;
  /** Limits fetches caused by unknown kids. Refreshes of kids we hold bypass it. */
  penaltyBox: PenaltyBox;
  clock?: Clock;
}

// How long known keys keep verifying after a failed refresh, before the JWKS is asked again.
// Keys rotate rarely; an outage of the JWKS endpoint should not sign everyone out.
export const OUTAGE_RETRY_MS = 30_000;

const notInJwks = () => new KidNotFoundError('token signing key (kid) is not in the JWKS');
const unavailable = () => new JwksUnavailableError('signing keys are unavailable right now');

/**
 * The signing keys of one JWKS URI as `KeyObject`s, parsed once per key rather than once per
 * token. Every fetch loads the whole JWKS and replaces the key set, so a key dropped from the JWKS
 * stops verifying at the next refresh. jwks-rsa turns the JWKs into keys; fetching, caching and
 * rate limiting are ours, so that time and the network can be injected.
 */
export class JwksKeyStore implements SigningKeySource {
  private readonly logger = new Logger('CognitoJwks');
  private readonly client: jwksRsa.JwksClient;
  private readonly clock: Clock;
  private keys = new Map<string, KeyObject>();
  private freshUntil = Number.NEGATIVE_INFINITY;
  /** One fetch at a time: everyone who needs the JWKS meanwhile waits for it. Resolves to its error, if any. */
  private fetching: Promise<unknown> | undefined;
  /** What the last fetch for an unknown kid ended with; repeated while the penalty box is closed. */
  private refusal: () => CognitoJwtError = notInJwks;

  constructor(private readonly options: JwksKeyStoreOptions) {
    this.clock = options.clock ?? systemClock;
    this.client = new jwksRsa.JwksClient({
      jwksUri: options.jwksUri,
      fetcher: (uri) => fetchJwks(options.fetcher, uri),
      cache: false,
      rateLimit: false,
    });
  }

  peek(kid: string, now: number): KeyObject | undefined {
    return now < this.freshUntil ? this.keys.get(kid) : undefined;
  }

  async getKey(kid: string): Promise<KeyObject> {
    const fresh = this.peek(kid, this.clock());
    if (fresh !== undefined) return fresh;
    // A kid we hold is refreshed outside the penalty box, so a flood of made-up kids cannot keep
    // the real keys from being refreshed (and everyone out).
    const known = this.keys.has(kid);
    if (!known && this.fetching === undefined && !this.options.penaltyBox.isOpen(this.clock())) throw this.refusal();

    const failure = await this.fetch('JWKS fetch failed');
    const key = this.keys.get(kid);
    if (key !== undefined) {
      if (!known) this.options.penaltyBox.registerSuccess();
      return key;
    }
    if (!known) {
      this.refusal = failure === undefined ? notInJwks : unavailable;
      this.options.penaltyBox.registerFailure(this.clock());
    }
    throw failure === undefined ? notInJwks() : unavailable();
  }

  async warmUp(): Promise<number> {
    const failure = await this.fetch('JWKS not reachable at start-up; keys will be fetched on demand');
    return failure === undefined ? this.keys.size : 0;
  }

  private fetch(failureMessage: string): Promise<unknown> {
    this.fetching ??= this.load()
      .then((failure) => {
        if (failure !== undefined) this.logger.error(`${failureMessage} (${this.options.jwksUri}): ${describe(failure)}`);
        return failure;
      })
      .finally(() => {
        this.fetching = undefined;
      });
    return this.fetching;
  }

  /** Fetches the JWKS and replaces the key set. Resolves to the error of a failed fetch. */
  private async load(): Promise<unknown> {
    let signingKeys: jwksRsa.SigningKey[];
    try {
      signingKeys = await this.client.getSigningKeys();
    } catch (error) {
      if (!answeredWithoutKeys(error)) {
        // Keep the keys we have a while longer (see OUTAGE_RETRY_MS).
        this.freshUntil = this.clock() + OUTAGE_RETRY_MS;
        return error ?? new Error('JWKS fetch failed');
      }
      signingKeys = [];
    }
    const next = new Map<string, KeyObject>();
    for (const signingKey of signingKeys) {
      if (next.size >= this.options.cacheMaxEntries) break;
      const key = usableKey(signingKey);
      if (key === undefined || next.has(signingKey.kid)) continue;
      // The same key keeps the same object, so tokens cached under it stay valid across refreshes.
      const previous = this.keys.get(signingKey.kid);
      next.set(signingKey.kid, previous !== undefined && previous.equals(key) ? previous : key);
    }
    this.keys = next;
    this.freshUntil = this.clock() + this.options.cacheMaxAge;
    return undefined;
  }
}

/** A JWKS is a JSON object with a `keys` array (RFC 7517 §5); anything else is an outage, not "no keys". */
async function fetchJwks(fetcher: JwksFetcher, uri: string): Promise<{ keys: unknown[] }> {
  const jwks = await fetcher(uri);
  if (jwks === null || typeof jwks !== 'object' || !Array.isArray((jwks as { keys?: unknown }).keys)) {
    throw new Error('JWKS answer is not a JSON object with a "keys" array');
  }
  return jwks as { keys: unknown[] };
}

/** Only RSA keys for RS256 verify: a key published for another algorithm is not ours to use. */
function usableKey(signingKey: jwksRsa.SigningKey): KeyObject | undefined {
  if (!signingKey.kid || (signingKey.alg !== undefined && signingKey.alg !== 'RS256')) return undefined;
  const key = createPublicKey(signingKey.getPublicKey());
  return key.asymmetricKeyType === 'rsa' ? key : undefined;
}

/**
 * jwks-rsa marks failures to fetch `isEndpointUnavailable`; a `JwksError` without that mark is a
 * JWKS that answered with no usable key: every key was removed, which is not an outage.
 */
function answeredWithoutKeys(error: unknown): boolean {
  return error instanceof jwksRsa.JwksError && !(error as { isEndpointUnavailable?: boolean }).isEndpointUnavailable;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
