import { JwtMalformedError } from '../errors/jwt.errors.js';

// RFC 6750 §2.1: the scheme in any case, spaces, one b64token and nothing more. passport-jwt's own
// parser takes the first word after the scheme and drops the rest, so `Bearer <a> <b>` passed as <a>.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * The token of an `Authorization` header value: undefined when there is no header, and
 * `JwtMalformedError` when there is one that is not exactly `Bearer <token>` (a header that is
 * present but unreadable is a bad token, not a missing one).
 */
export function bearerToken(authorization: unknown, rawHeaders?: readonly string[]): string | undefined {
  // Node keeps the first of repeated Authorization headers; a proxy in front may read the last.
  if (rawHeaders !== undefined && countHeader(rawHeaders, 'authorization') > 1) throw new JwtMalformedError('more than one Authorization header');
  // An empty header is no credentials at all, as a missing one.
  if (authorization === undefined || authorization === '') return undefined;
  const token = typeof authorization === 'string' ? BEARER.exec(authorization)?.[1] : undefined;
  if (token === undefined) throw new JwtMalformedError('Authorization header is not "Bearer <token>"');
  return token;
}

/** How often a header occurs in Node's `rawHeaders` (name, value, name, value, ...). */
function countHeader(rawHeaders: readonly string[], name: string): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.length === name.length && rawHeaders[i]!.toLowerCase() === name) count++;
  return count;
}
