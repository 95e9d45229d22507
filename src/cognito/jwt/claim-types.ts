import { JwtClaimError } from '../errors/jwt.errors.js';

// Registered claims (RFC 7519 §4.1) and Cognito's own, with the JSON type each must have when
// present. Whether a claim must be present is decided in validate-claims.ts.
const STRING_CLAIMS = ['iss', 'sub', 'jti', 'client_id', 'origin_jti', 'event_id', 'username', 'scope', 'cognito:username'] as const;
// RFC 7519 §2 NumericDate: a JSON number of seconds.
const NUMBER_CLAIMS = ['exp', 'nbf', 'iat', 'auth_time', 'version'] as const;

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/**
 * Refuses a payload whose known claims have the wrong JSON type (`invalid_claim`), so nothing
 * after this point, ours or the app's, meets a `jti` that is a number or an `aud` that is an object.
 */
export function assertClaimTypes(payload: Record<string, unknown>): void {
  for (const name of STRING_CLAIMS) {
    const value = payload[name];
    if (value !== undefined && typeof value !== 'string') throw new JwtClaimError(`token ${name} claim is not a string`);
  }
  for (const name of NUMBER_CLAIMS) {
    const value = payload[name];
    if (value !== undefined && !isNumber(value)) throw new JwtClaimError(`token ${name} claim is not a number`);
  }
  // RFC 7519 §4.1.3: a string, or an array of strings.
  const aud = payload.aud;
  if (aud !== undefined && typeof aud !== 'string' && !isStringList(aud)) {
    throw new JwtClaimError('token aud claim is not a string or a list of strings');
  }
  const groups = payload['cognito:groups'];
  if (groups !== undefined && !isStringList(groups)) throw new JwtClaimError('token cognito:groups claim is not a list of names');
}
