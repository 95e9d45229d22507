import { Inject, Injectable } from '@nestjs/common';
import { COGNITO_OPTIONS, COGNITO_STORE } from '../cognito.constants.js';
import { StoreUnavailableError } from '../errors/store.errors.js';
import type { CognitoStore } from '../store/cognito-store.interface.js';
import { sharedOnce } from '../store/shared-once.js';
import type { ResolvedCognitoOptions } from '../options/resolve-options.js';
import { CognitoAuthService } from './cognito-auth.service.js';
import type { ClientCredentials } from './cognito-token-client.js';

interface CachedToken {
  accessToken: string;
  /** Epoch ms after which a new token is fetched. */
  renewAt: number;
}

// Renew a minute early (or at half-life for short tokens), so callers never send an expiring token.
const RENEW_MARGIN_MS = 60_000;

/**
 * Machine-to-machine access tokens (client credentials grant) for resource-server scopes,
 * e.g. `getAccessToken(['orders/read'])`. Each scope set's token is cached until shortly
 * before it expires, and only one request per scope set is in flight at a time.
 */
@Injectable()
export class CognitoClientCredentials {
  private readonly cache = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly credentials: ClientCredentials;

  constructor(
    @Inject(COGNITO_OPTIONS) options: ResolvedCognitoOptions,
    private readonly auth: CognitoAuthService,
    @Inject(COGNITO_STORE) private readonly store: CognitoStore,
  ) {
    this.credentials = options.m2m ?? { clientId: options.clientIds[0], clientSecret: options.clientSecret };
  }

  async getAccessToken(scopes: readonly string[] = []): Promise<string> {
    const key = [...new Set(scopes)].sort().join(' ');
    const cached = this.cache.get(key);
    if (cached !== undefined && cached.renewAt > Date.now()) return cached.accessToken;
    let pending = this.inFlight.get(key);
    if (pending === undefined) {
      pending = this.fetch(key).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /**
   * One token request per scope set for all of the app's instances (Cognito bills them, and AWS
   * advises reusing a token for most of its life): the token is shared through the store until it is
   * due for renewal, then kept here too. With the store unreachable, this instance fetches its own.
   */
  private async fetch(scope: string): Promise<string> {
    if (!this.credentials.clientSecret) throw new Error('CognitoModule: client credentials need an app client with a secret (the "m2m" option)');
    const request = async () => {
      const fetchedAt = Date.now();
      const tokens = await this.auth.clientCredentialsToken(scope, this.credentials);
      const lifetime = tokens.expires_in * 1000;
      const renewAt = fetchedAt + Math.max(lifetime - RENEW_MARGIN_MS, lifetime / 2);
      return { value: JSON.stringify({ accessToken: tokens.access_token, renewAt }), ttlMs: renewAt - Date.now() };
    };
    let shared: string;
    try {
      shared = await sharedOnce(this.store, `m2m:${this.credentials.clientId}:${scope}`, { lockTtlMs: 15_000, resultTtlMs: 60_000, waitMs: 15_000 }, request);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      shared = (await request()).value;
    }
    const token = JSON.parse(shared) as CachedToken;
    this.cache.set(scope, token);
    return token.accessToken;
  }
}
