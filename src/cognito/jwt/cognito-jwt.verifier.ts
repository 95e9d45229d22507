import { verify as verifySignature, type KeyObject } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { COGNITO_OPTIONS } from '../cognito.constants.js';
import type { CognitoClaims } from './cognito-claims.interface.js';
import type { CognitoTokenUse } from '../options/cognito-module-options.interface.js';
import type { ResolvedCognitoOptions } from '../options/resolve-options.js';
import { decomposeJwt } from './decompose-jwt.js';
import { JwksKeyStore } from './jwks-key-store.js';
import { JwtAlgorithmError, JwtMalformedError, JwtSignatureError } from '../errors/jwt.errors.js';
import { assertIssuer, validateClaims, type ClaimExpectations } from './validate-claims.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

/**
 * Verifies Cognito JWTs exactly: RS256 only, `kid` from the pool's JWKS, `iss`, `token_use`,
 * client id, `exp`/`nbf`/`iat`. Inject it wherever a token arrives outside an HTTP guard
 * (WebSocket gateways, GraphQL resolvers, queue consumers). Failures throw `CognitoJwtError`s.
 */
@Injectable()
export class CognitoJwtVerifier implements OnModuleInit {
  readonly keyStore: JwksKeyStore;
  private readonly cache: VerifiedTokenCache<CognitoClaims>;
  private readonly expectations: Record<CognitoTokenUse, ClaimExpectations>;

  constructor(@Inject(COGNITO_OPTIONS) private readonly options: ResolvedCognitoOptions) {
    this.keyStore = new JwksKeyStore({
      jwksUri: options.jwksUri,
      cacheMaxAge: options.jwksCacheMaxAge,
      cacheMaxEntries: options.jwksCacheMaxEntries,
      requestsPerMinute: options.jwksRequestsPerMinute,
      timeout: options.jwksTimeout,
    });
    this.cache = new VerifiedTokenCache(options.verifiedTokenCacheSize);
    const base = { issuer: options.issuer, clientIds: options.clientIds, clockTolerance: options.clockTolerance };
    this.expectations = { access: { ...base, tokenUse: 'access' }, id: { ...base, tokenUse: 'id' } };
  }

  /** Fetches the JWKS at start-up so the first requests don't pay for it; an unreachable JWKS only logs. */
  async onModuleInit(): Promise<void> {
    await this.keyStore.warmUp();
  }

  /** Verifies a token of the configured `tokenUse`, or of the one given. Resolves to its claims (frozen). */
  async verify<T extends CognitoClaims = CognitoClaims>(token: unknown, tokenUse: CognitoTokenUse = this.options.tokenUse): Promise<T> {
    if (typeof token !== 'string' || token.length === 0) throw new JwtMalformedError('token is empty');
    if (token.length > this.options.maxTokenLength) {
      throw new JwtMalformedError(`token is longer than ${this.options.maxTokenLength} characters`);
    }
    const now = Date.now();
    const hash = this.cache.maxEntries > 0 ? VerifiedTokenCache.keyOf(token) : '';
    const hit = hash ? this.cache.get(hash, now) : undefined;
    // A hit counts only while the key that verified it is still in the JWKS.
    if (hit !== undefined && hit.value.token_use === tokenUse && this.keyStore.peek(hit.kid, now) === hit.key) {
      return hit.value as T;
    }

    const { header, payload, signingInput, signature } = decomposeJwt(token);
    if (header.alg !== 'RS256') throw new JwtAlgorithmError('token algorithm (alg) must be RS256');
    // RFC 7515: extensions we do not understand must not be ignored.
    if (header.crit !== undefined) throw new JwtMalformedError('token header has unsupported crit extensions');
    const kid = header.kid;
    if (typeof kid !== 'string' || kid.length === 0 || kid.length > 256) throw new JwtMalformedError('token header has no kid');
    const expected = this.expectations[tokenUse];
    assertIssuer(payload, expected.issuer);

    const key: KeyObject = this.keyStore.peek(kid, now) ?? (await this.keyStore.getKey(kid));
    if (!verifySignature('RSA-SHA256', Buffer.from(signingInput, 'latin1'), key, signature)) {
      throw new JwtSignatureError('token signature is invalid');
    }
    const claims = deepFreeze(validateClaims(payload, expected, now));
    if (hash) {
      this.cache.set(hash, { value: claims, key, kid, expiresAt: (claims.exp + expected.clockTolerance) * 1000 });
    }
    return claims as T;
  }
}

// Claims are shared between requests through the cache, so no handler may change them.
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
