import type { CognitoStore } from '../store/cognito-store.interface.js';
import type { CognitoModuleOptions, CognitoRevocationOptions, CognitoSessionOptions, CognitoTokenUse, CognitoUserPoolOptions } from './cognito-module-options.interface.js';
import { CognitoConfigError } from '../errors/cognito-config.error.js';

/** One accepted `iss`, and where the keys of its tokens are published. */
export interface ResolvedIssuer {
  readonly issuer: string;
  readonly jwksUri: string;
}

/** A user pool whose tokens are verified. */
export interface ResolvedUserPool {
  readonly userPoolId: string;
  readonly region: string;
  readonly clientIds: readonly string[];
  /** Accepted `iss` values, matched exactly; the first one's JWKS is fetched at start-up. */
  readonly issuers: readonly ResolvedIssuer[];
}

/** Options after validation, with every default filled in. */
export interface ResolvedCognitoOptions {
  readonly region: string;
  readonly userPoolId: string;
  readonly clientIds: readonly string[];
  readonly clientSecret?: string;
  readonly domain?: string;
  readonly redirectUri?: string;
  readonly logoutUri?: string;
  readonly scopes: readonly string[];
  readonly tokenUse: CognitoTokenUse;
  /** The primary pool's first issuer: the original format unless `issuer` pinned one. `userPools` has them all. */
  readonly issuer: string;
  /** The JWKS of `issuer`. */
  readonly jwksUri: string;
  /** Every pool whose tokens are verified: the primary pool (`userPoolId`, `clientIds`) first. */
  readonly userPools: readonly ResolvedUserPool[];
  readonly clockTolerance: number;
  readonly jwksCacheMaxAge: number;
  readonly jwksCacheMaxEntries: number;
  readonly jwksRequestsPerMinute: number;
  readonly jwksTimeout: number;
  readonly verifiedTokenCacheSize: number;
  readonly maxTokenLength: number;
  readonly authPath: string | false;
  readonly allowedReturnTo: readonly string[];
  readonly defaultReturnTo: string;
  /** Undefined when the user gave none: the cookie layer then makes a per-process key. */
  readonly cookieSecrets?: readonly string[];
  readonly session?: Required<CognitoSessionOptions>;
  readonly httpTimeout: number;
  readonly m2m?: { clientId: string; clientSecret: string };
  readonly apiEndpoint: string;
  readonly store?: CognitoStore;
  readonly redisUrl?: string;
  readonly jwksFetcher?: (jwksUri: string) => Promise<unknown>;
  readonly revocation: CognitoRevocationOptions;
}

/** Where the hosted-UI routes are mounted unless `authPath` says otherwise. */
export const DEFAULT_AUTH_PATH = '/auth';

// The pattern AWS documents for UserPoolId.
const USER_POOL_ID = /^([\w-]+)_[0-9a-zA-Z]+$/;
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
const DEFAULT_SCOPES = ['openid', 'email', 'profile'];

const show = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : String(value));

function url(option: string, value: unknown, what: string): string {
  if (typeof value !== 'string') throw new CognitoConfigError(option, what, show(value));
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new CognitoConfigError(option, what, show(value));
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new CognitoConfigError(option, what, show(value));
  return value;
}

function optionalUrl(option: string, value: unknown, what: string): string | undefined {
  return value === undefined || value === '' ? undefined : url(option, value, what);
}

function count(option: string, value: unknown, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new CognitoConfigError(option, max === Number.MAX_SAFE_INTEGER ? `a number >= ${min}` : `a number from ${min} to ${max}`, show(value));
  }
  return value;
}

function clientIds(option: string, value: unknown): string[] {
  const ids = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string' && /^[\w+]+$/.test(id))) {
    throw new CognitoConfigError(option, 'the app client id (or a non-empty list of them), e.g. "1example23456789"', show(value));
  }
  return ids;
}

/**
 * A pool's user pool id, region, client ids and issuers; `prefix` names its options in errors.
 * Without `issuer`, both issuers Cognito signs with: the original one and, for pools set to the
 * updated issuer format, `issuer-cognito-idp` (see "Verifying a JSON web token" in the Amazon
 * Cognito Developer Guide). A pool switching formats keeps tokens of the old one in flight.
 */
function userPool(prefix: string, given: CognitoUserPoolOptions): ResolvedUserPool {
  const poolMatch = typeof given.userPoolId === 'string' ? USER_POOL_ID.exec(given.userPoolId) : null;
  if (!poolMatch) {
    throw new CognitoConfigError(`${prefix}userPoolId`, 'the user pool id "{region}_{id}", e.g. "eu-west-1_AbC123xyz"', show(given.userPoolId));
  }
  const region = given.region ?? poolMatch[1];
  if (region !== poolMatch[1]) {
    throw new CognitoConfigError(`${prefix}region`, `the region of the user pool ("${poolMatch[1]}")`, show(given.region));
  }
  const ids = clientIds(`${prefix}clientId`, given.clientId);
  const issuers = given.issuer === undefined
    ? [`https://cognito-idp.${region}.amazonaws.com/${given.userPoolId}`, `https://issuer-cognito-idp.${region}.amazonaws.com/${given.userPoolId}`]
    : pinnedIssuers(`${prefix}issuer`, given.issuer);
  const jwksUri = given.jwksUri === undefined
    ? undefined
    : url(`${prefix}jwksUri`, given.jwksUri, 'the JWKS URL, e.g. "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz/.well-known/jwks.json"');
  return {
    userPoolId: given.userPoolId,
    region,
    clientIds: ids,
    issuers: issuers.map((issuer) => ({ issuer, jwksUri: jwksUri ?? `${issuer}/.well-known/jwks.json` })),
  };
}

/** `issuer` as given: one URL pins it; a list (e.g. a local provider's two formats) accepts each of them. */
function pinnedIssuers(option: string, value: unknown): string[] {
  const what = 'the token issuer URL, e.g. "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz", or a non-empty list of them';
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new CognitoConfigError(option, what, show(value));
  const issuers = list.map((issuer, i) => url(Array.isArray(value) ? `${option}[${i}]` : option, issuer, what));
  if (new Set(issuers).size !== issuers.length) throw new CognitoConfigError(option, 'distinct issuers', show(value));
  return issuers;
}

/** The primary pool, then the additional ones; no two pools may share a pool id or an issuer. */
function userPools(primary: ResolvedUserPool, value: unknown): ResolvedUserPool[] {
  if (value === undefined) return [primary];
  if (!Array.isArray(value)) {
    throw new CognitoConfigError('additionalUserPools', 'a list of { userPoolId, clientId, region?, issuer?, jwksUri? }', show(value));
  }
  const pools = [primary];
  value.forEach((given: unknown, i) => {
    const prefix = `additionalUserPools[${i}].`;
    if (given === null || typeof given !== 'object') {
      throw new CognitoConfigError(`additionalUserPools[${i}]`, 'an object { userPoolId, clientId, region?, issuer?, jwksUri? }', show(given));
    }
    const pool = userPool(prefix, given as CognitoUserPoolOptions);
    if (pools.some((other) => other.userPoolId === pool.userPoolId)) {
      throw new CognitoConfigError(`${prefix}userPoolId`, 'a user pool not configured already', show(pool.userPoolId));
    }
    // A token must lead to one pool only.
    const taken = pool.issuers.find(({ issuer }) => pools.some((other) => other.issuers.some((o) => o.issuer === issuer)));
    if (taken) throw new CognitoConfigError(`${prefix}issuer`, 'an issuer no other configured pool has', show(taken.issuer));
    pools.push(pool);
  });
  return pools;
}

function scopes(value: unknown): string[] {
  if (value === undefined) return DEFAULT_SCOPES;
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string' && SCOPE.test(s))) {
    throw new CognitoConfigError('scopes', 'a list of scope names without spaces, e.g. ["openid", "email"]', show(value));
  }
  // Cognito rejects the whole request for it, and always issues refresh tokens anyway.
  if (value.includes('offline_access')) {
    throw new CognitoConfigError('scopes', 'no "offline_access" (not a Cognito scope; refresh tokens are always issued)');
  }
  return value;
}

function cookieSecrets(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const secrets = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(secrets) || secrets.length === 0 || !secrets.every((s) => typeof s === 'string' && s.length >= 32)) {
    throw new CognitoConfigError('cookieSecret', 'a secret of at least 32 characters, or a list of them (first one encrypts)');
  }
  return secrets;
}

function session(value: unknown, secrets: string[] | undefined): Required<CognitoSessionOptions> | undefined {
  if (value === undefined || value === false) return undefined;
  if (!secrets) throw new CognitoConfigError('cookieSecret', 'to be set when session mode is on (else every restart signs everyone out)');
  const given = (value === true ? {} : value) as CognitoSessionOptions;
  if (typeof given !== 'object' || given === null) throw new CognitoConfigError('session', 'true or { cookieName, maxAge, onExpired, persistent, idToken, server }', show(value));
  for (const flag of ['persistent', 'idToken', 'server'] as const) {
    if (given[flag] !== undefined && typeof given[flag] !== 'boolean') throw new CognitoConfigError(`session.${flag}`, 'true or false', show(given[flag]));
  }
  if (given.onExpired !== undefined && given.onExpired !== 'unauthorized' && given.onExpired !== 'redirect') {
    throw new CognitoConfigError('session.onExpired', '"unauthorized" or "redirect"', show(given.onExpired));
  }
  if (given.cookieName !== undefined && !/^[\w.-]+$/.test(given.cookieName)) {
    throw new CognitoConfigError('session.cookieName', 'a cookie name of letters, digits, "_", "." or "-"', show(given.cookieName));
  }
  return {
    cookieName: given.cookieName ?? 'cognito_session',
    maxAge: count('session.maxAge', given.maxAge, 30 * 24 * 3600, 60),
    onExpired: given.onExpired ?? 'unauthorized',
    persistent: given.persistent ?? true,
    idToken: given.idToken ?? false,
    server: given.server ?? false,
  };
}

function authPath(value: unknown): string | false {
  if (value === undefined) return DEFAULT_AUTH_PATH;
  if (value === false) return false;
  return normalizeAuthPath(value);
}

/** A valid `authPath` without trailing slashes; throws CognitoConfigError for anything else. */
export function normalizeAuthPath(value: unknown): string {
  if (typeof value !== 'string' || !/^\/[\w\-/]*$/.test(value)) throw new CognitoConfigError('authPath', 'a path such as "/auth", or false', show(value));
  return value.replace(/\/+$/, '') || '/';
}

/** Validates what the user gave and fills in the defaults. Throws CognitoConfigError naming the option. */
export function resolveCognitoOptions(options: CognitoModuleOptions): ResolvedCognitoOptions {
  if (options === null || typeof options !== 'object') {
    throw new CognitoConfigError('options', 'an object with at least userPoolId and clientId', show(options));
  }
  const primary = userPool('', options);
  const tokenUse = options.tokenUse ?? 'access';
  if (tokenUse !== 'access' && tokenUse !== 'id') {
    throw new CognitoConfigError('tokenUse', '"access" or "id"', show(tokenUse));
  }
  if (options.clientSecret !== undefined && (typeof options.clientSecret !== 'string' || options.clientSecret === '')) {
    throw new CognitoConfigError('clientSecret', 'a non-empty string, or nothing for a public client');
  }
  const pools = userPools(primary, options.additionalUserPools);
  const domain = optionalUrl('domain', options.domain, 'the hosted-UI base URL, e.g. "https://myapp.auth.eu-west-1.amazoncognito.com"');
  const redirectUri = optionalUrl('redirectUri', options.redirectUri, 'an absolute callback URL, e.g. "https://api.example.com/auth/callback"');
  if (domain !== undefined && redirectUri === undefined && options.authPath !== false) {
    throw new CognitoConfigError('redirectUri', 'the callback URL registered on the app client, since "domain" turns on hosted-UI sign-in');
  }
  const secrets = cookieSecrets(options.cookieSecret);
  const allowedReturnTo = options.allowedReturnTo ?? [];
  allowedReturnTo.forEach((entry, i) => url(`allowedReturnTo[${i}]`, entry, 'an absolute URL or origin, e.g. "https://app.example.com"'));
  if (options.store !== undefined && (options.store === null || typeof (options.store as { set?: unknown }).set !== 'function')) {
    throw new CognitoConfigError('store', 'a CognitoStore (MemoryCognitoStore, RedisCognitoStore or your own)', show(options.store));
  }
  if (options.redisUrl !== undefined && (typeof options.redisUrl !== 'string' || !/^rediss?:\/\/[^\s]+$/.test(options.redisUrl))) {
    // The URL may hold a password: never echo it.
    throw new CognitoConfigError('redisUrl', 'a redis:// or rediss:// URL, e.g. "redis://redis:6379/0"');
  }
  const revocation = options.revocation ?? {};
  if (typeof revocation !== 'object' || revocation === null) throw new CognitoConfigError('revocation', '{ failClosed, failClosedGraceMs, maxTokenLifetimeSeconds }', show(revocation));
  if (revocation.failClosed !== undefined && typeof revocation.failClosed !== 'boolean') throw new CognitoConfigError('revocation.failClosed', 'true or false', show(revocation.failClosed));
  if (options.jwksFetcher !== undefined && typeof options.jwksFetcher !== 'function') {
    throw new CognitoConfigError('jwksFetcher', 'a function (jwksUri) => Promise<JWKS JSON>', show(options.jwksFetcher));
  }
  if (options.m2m !== undefined && (typeof options.m2m?.clientId !== 'string' || typeof options.m2m?.clientSecret !== 'string' || !options.m2m.clientSecret)) {
    throw new CognitoConfigError('m2m', '{ clientId, clientSecret } of an app client allowed the client_credentials flow');
  }

  return {
    region: primary.region,
    userPoolId: primary.userPoolId,
    clientIds: primary.clientIds,
    clientSecret: options.clientSecret,
    domain: domain?.replace(/\/+$/, ''),
    redirectUri,
    logoutUri: optionalUrl('logoutUri', options.logoutUri, 'an absolute sign-out URL, e.g. "https://app.example.com/"'),
    scopes: scopes(options.scopes),
    tokenUse,
    issuer: primary.issuers[0].issuer,
    jwksUri: primary.issuers[0].jwksUri,
    userPools: pools,
    // Leeway is for clock skew; minutes of it would quietly accept expired tokens.
    clockTolerance: count('clockTolerance', options.clockTolerance, 0, 0, 300),
    jwksCacheMaxAge: count('jwksCacheMaxAge', options.jwksCacheMaxAge, 10 * 60_000, 1),
    jwksCacheMaxEntries: count('jwksCacheMaxEntries', options.jwksCacheMaxEntries, 10, 1),
    jwksRequestsPerMinute: count('jwksRequestsPerMinute', options.jwksRequestsPerMinute, 10, 1),
    jwksTimeout: count('jwksTimeout', options.jwksTimeout, 5000, 1),
    verifiedTokenCacheSize: count('verifiedTokenCacheSize', options.verifiedTokenCacheSize, 10_000),
    maxTokenLength: count('maxTokenLength', options.maxTokenLength, 8192, 64),
    authPath: authPath(options.authPath),
    allowedReturnTo,
    defaultReturnTo: options.defaultReturnTo ?? '/',
    cookieSecrets: secrets,
    session: session(options.session, secrets),
    httpTimeout: count('httpTimeout', options.httpTimeout, 5000, 1),
    m2m: options.m2m,
    apiEndpoint: options.apiEndpoint === undefined ? `https://cognito-idp.${primary.region}.amazonaws.com/` : url('apiEndpoint', options.apiEndpoint, 'the user-pool API endpoint, e.g. "https://cognito-idp.eu-west-1.amazonaws.com/"'),
    store: options.store,
    redisUrl: options.redisUrl,
    jwksFetcher: options.jwksFetcher,
    revocation: {
      failClosed: revocation.failClosed ?? false,
      failClosedGraceMs: count('revocation.failClosedGraceMs', revocation.failClosedGraceMs, 30_000, 0),
      maxTokenLifetimeSeconds: count('revocation.maxTokenLifetimeSeconds', revocation.maxTokenLifetimeSeconds, 86_400, 60, 86_400),
    },
  };
}
