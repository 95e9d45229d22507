import { JwtIssuerError } from '../errors/jwt.errors.js';

/**
 * Picks what a token's `iss` maps to, by exact match (RFC 7519 §4.1.1: a case-sensitive string).
 * Runs before any key is fetched, so a token of an issuer we do not trust never causes a request.
 */
export function routeByIssuer<T>(payload: Record<string, unknown>, routes: ReadonlyMap<string, T>): T {
  const issuer = payload.iss;
  const route = typeof issuer === 'string' ? routes.get(issuer) : undefined;
  if (route === undefined) throw new JwtIssuerError('token issuer (iss) is not a configured user pool');
  return route;
}
