import type { CognitoModuleOptions, CognitoTokenUse } from '../interfaces/cognito-module-options.interface.js';
import { CognitoConfigError } from './cognito-config.error.js';

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
  readonly issuer: string;
  readonly jwksUri: string;
  readonly clockTolerance: number;
  readonly jwksCacheMaxAge: number;
  readonly jwksCacheMaxEntries: number;
  readonly jwksRequestsPerMinute: number;
  readonly jwksTimeout: number;
  readonly verifiedTokenCacheSize: number;
  readonly maxTokenLength: number;
  readonly globalGuard: boolean;
}

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

function count(option: string, value: unknown, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new CognitoConfigError(option, `a number >= ${min}`, show(value));
  }
  return value;
}

function clientIds(value: unknown): string[] {
  const ids = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string' && /^[\w+]+$/.test(id))) {
    throw new CognitoConfigError('clientId', 'the app client id (or a non-empty list of them), e.g. "1example23456789"', show(value));
  }
  return ids;
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

/** Validates what the user gave and fills in the defaults. Throws CognitoConfigError naming the option. */
export function resolveCognitoOptions(options: CognitoModuleOptions): ResolvedCognitoOptions {
  if (options === null || typeof options !== 'object') {
    throw new CognitoConfigError('options', 'an object with at least userPoolId and clientId', show(options));
  }
  const poolMatch = typeof options.userPoolId === 'string' ? USER_POOL_ID.exec(options.userPoolId) : null;
  if (!poolMatch) {
    throw new CognitoConfigError('userPoolId', 'the user pool id "{region}_{id}", e.g. "eu-west-1_AbC123xyz"', show(options.userPoolId));
  }
  const region = options.region ?? poolMatch[1];
  if (region !== poolMatch[1]) {
    throw new CognitoConfigError('region', `the region of the user pool ("${poolMatch[1]}")`, show(options.region));
  }
  const tokenUse = options.tokenUse ?? 'access';
  if (tokenUse !== 'access' && tokenUse !== 'id') {
    throw new CognitoConfigError('tokenUse', '"access" or "id"', show(tokenUse));
  }
  if (options.clientSecret !== undefined && (typeof options.clientSecret !== 'string' || options.clientSecret === '')) {
    throw new CognitoConfigError('clientSecret', 'a non-empty string, or nothing for a public client');
  }
  const issuer = options.issuer === undefined
    ? `https://cognito-idp.${region}.amazonaws.com/${options.userPoolId}`
    : url('issuer', options.issuer, 'the token issuer URL, e.g. "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz"');
  const domain = optionalUrl('domain', options.domain, 'the hosted-UI base URL, e.g. "https://myapp.auth.eu-west-1.amazoncognito.com"');

  return {
    region,
    userPoolId: options.userPoolId,
    clientIds: clientIds(options.clientId),
    clientSecret: options.clientSecret,
    domain: domain?.replace(/\/+$/, ''),
    redirectUri: optionalUrl('redirectUri', options.redirectUri, 'an absolute callback URL, e.g. "https://api.example.com/auth/callback"'),
    logoutUri: optionalUrl('logoutUri', options.logoutUri, 'an absolute sign-out URL, e.g. "https://app.example.com/"'),
    scopes: scopes(options.scopes),
    tokenUse,
    issuer,
    jwksUri: options.jwksUri === undefined
      ? `${issuer}/.well-known/jwks.json`
      : url('jwksUri', options.jwksUri, 'the JWKS URL, e.g. "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz/.well-known/jwks.json"'),
    clockTolerance: count('clockTolerance', options.clockTolerance, 0),
    jwksCacheMaxAge: count('jwksCacheMaxAge', options.jwksCacheMaxAge, 10 * 60_000, 1),
    jwksCacheMaxEntries: count('jwksCacheMaxEntries', options.jwksCacheMaxEntries, 10, 1),
    jwksRequestsPerMinute: count('jwksRequestsPerMinute', options.jwksRequestsPerMinute, 10, 1),
    jwksTimeout: count('jwksTimeout', options.jwksTimeout, 5000, 1),
    verifiedTokenCacheSize: count('verifiedTokenCacheSize', options.verifiedTokenCacheSize, 10_000),
    maxTokenLength: count('maxTokenLength', options.maxTokenLength, 8192, 64),
    globalGuard: options.globalGuard ?? false,
  };
}
