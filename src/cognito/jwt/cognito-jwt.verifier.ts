import { verify as verifySignature, type KeyObject } from 'node:crypto';
import { Inject, Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { COGNITO_OPTIONS } from '../cognito.constants.js';
import type { CognitoClaims } from './cognito-claims.interface.js';
import type { CognitoTokenUse } from '../options/cognito-module-options.interface.js';
import type { ResolvedCognitoOptions } from '../options/resolve-options.js';
import { JwtAlgorithmError, JwtMalformedError, JwtRevokedError, JwtSignatureError } from '../errors/jwt.errors.js';
import { systemClock, type Clock } from './clock.js';
import { decomposeJwt } from './decompose-jwt.js';
import { routeByIssuer } from './issuer-routes.js';
import { httpJwksFetcher, type JwksFetcher } from './jwks-fetcher.js';
import { JwksKeyStore, type SigningKeySource } from './jwks-key-store.js';
import { SimplePenaltyBox } from './penalty-box.js';
import { validateClaims, type ClaimExpectations } from './validate-claims.js';
import { COGNITO_JWT_COLLABORATORS, type JwtVerifierCollaborators, type RevocationCheck } from './verifier-collaborators.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

/** What a trusted `iss` leads to: the keys to check the signature with, and its pool's rules. */
interface IssuerRoute {
  keys: SigningKeySource;
  expectations: Record<CognitoTokenUse, ClaimExpectations>;
}

/**
 * Verifies Cognito JWTs exactly: RS256 only, `iss` one of the configured pools' issuers, `kid`
 * from that issuer's JWKS, `token_use`, that pool's client ids, `exp`/`nbf`/`iat`. Inject it
 * wherever a token arrives outside an HTTP guard (WebSocket gateways, GraphQL resolvers, queue
 * consumers). Failures throw `CognitoJwtError`s.
 */
@Injectable()
export class CognitoJwtVerifier implements OnModuleInit {
  private readonly cache: VerifiedTokenCache<CognitoClaims>;
  private readonly clock: Clock;
  /** By exact `iss`. */
  private readonly routes = new Map<string, IssuerRoute>();
  /** Each pool's first issuer: the one it most likely signs with. */
  private readonly warmUpSources = new Set<SigningKeySource>();
  private readonly revocations: RevocationCheck | undefined;

  constructor(
    @Inject(COGNITO_OPTIONS) private readonly options: ResolvedCognitoOptions,
    @Optional() @Inject(COGNITO_JWT_COLLABORATORS) collaborators: JwtVerifierCollaborators = {},
  ) {
    this.clock = collaborators.clock ?? systemClock;
    this.revocations = collaborators.revocations;
    this.cache = new VerifiedTokenCache(options.verifiedTokenCacheSize);
    const keySourceFor = collaborators.keySource ?? this.defaultKeySources(collaborators.fetcher ?? httpJwksFetcher(options.jwksTimeout));
    // Issuers sharing one JWKS URI share its key source.
    const sources = new Map<string, SigningKeySource>();
    for (const pool of options.userPools) {
      const base = { clientIds: pool.clientIds, clockTolerance: options.clockTolerance };
      const expectations = { access: { ...base, tokenUse: 'access' as const }, id: { ...base, tokenUse: 'id' as const } };
      for (const { issuer, jwksUri } of pool.issuers) {
        let keys = sources.get(jwksUri);
        if (keys === undefined) sources.set(jwksUri, (keys = keySourceFor(jwksUri)));
        this.routes.set(issuer, { keys, expectations });
      }
      this.warmUpSources.add(sources.get(pool.issuers[0].jwksUri)!);
    }
  }

  private defaultKeySources(fetcher: JwksFetcher): (jwksUri: string) => SigningKeySource {
    const { jwksCacheMaxAge, jwksCacheMaxEntries, jwksRequestsPerMinute } = this.options;
    return (jwksUri) =>
      new JwksKeyStore({
        jwksUri,
        cacheMaxAge: jwksCacheMaxAge,
        cacheMaxEntries: jwksCacheMaxEntries,
        fetcher,
        penaltyBox: new SimplePenaltyBox(60_000 / jwksRequestsPerMinute),
        clock: this.clock,
      });
  }

  /**
   * Fetches each pool's JWKS at start-up so the first requests don't pay for it; an unreachable
   * JWKS only logs. A pool's second issuer format is fetched on demand: its JWKS may not exist.
   */
  async onModuleInit(): Promise<void> {
    await Promise.all([...this.warmUpSources].map((source) => source.warmUp()));
  }

  /** Verifies a token of the configured `tokenUse`, or of the one given. Resolves to its claims (frozen). */
  async verify<T extends CognitoClaims = CognitoClaims>(token: unknown, tokenUse: CognitoTokenUse = this.options.tokenUse): Promise<T> {
    if (typeof token !== 'string' || token.length === 0) throw new JwtMalformedError('token is empty');
    if (token.length > this.options.maxTokenLength) {
      throw new JwtMalformedError(`token is longer than ${this.options.maxTokenLength} characters`);
    }
    let now = this.clock();
    const hash = this.cache.maxEntries > 0 ? VerifiedTokenCache.keyOf(token) : '';
    const hit = hash ? this.cache.get(hash, now) : undefined;
    // A hit counts only while the key that verified it is still in its JWKS.
    if (hit !== undefined && hit.value.token_use === tokenUse && hit.keys.peek(hit.kid, now) === hit.key) {
      return this.unlessRevoked(hit.value) as T;
    }

    const { header, payload, signingInput, signature } = decomposeJwt(token);
    if (header.alg !== 'RS256') throw new JwtAlgorithmError('token algorithm (alg) must be RS256');
    // RFC 7515 §4.1.11: extensions we do not understand must not be ignored.
    if (header.crit !== undefined) throw new JwtMalformedError('token header has unsupported crit extensions');
    const kid = header.kid;
    if (typeof kid !== 'string' || kid.length === 0 || kid.length > 256) throw new JwtMalformedError('token header has no kid');
    const route = routeByIssuer(payload, this.routes);

    let key: KeyObject | undefined = route.keys.peek(kid, now);
    if (key === undefined) {
      key = await route.keys.getKey(kid);
      now = this.clock(); // the fetch took time
    }
    if (!verifySignature('RSA-SHA256', Buffer.from(signingInput, 'latin1'), key, signature)) {
      throw new JwtSignatureError('token signature is invalid');
    }
    const expected = route.expectations[tokenUse];
    const claims = deepFreeze(validateClaims(payload, expected, now));
    if (hash) {
      this.cache.set(hash, { value: claims, key, kid, keys: route.keys, expiresAt: (claims.exp + expected.clockTolerance) * 1000 });
    }
    return this.unlessRevoked(claims) as T;
  }

  // Checked after the cache too: a token verified before its sign-out must not live on in the cache.
  private unlessRevoked(claims: CognitoClaims): CognitoClaims {
    if (this.revocations?.isRevoked(claims)) throw new JwtRevokedError('token has been revoked (signed out)');
    return claims;
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
