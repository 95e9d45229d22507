import type { LocalIssuerFormat } from './pool.js';

export const ISSUER_FORMATS: readonly LocalIssuerFormat[] = ['original', 'updated'];

/** Path segment standing in for the updated format's `issuer-cognito-idp` host. */
export const UPDATED_ISSUER_SEGMENT = 'issuer-cognito-idp';

/**
 * The local stand-in for a pool's issuer. Cognito serves the JWKS and discovery under the
 * issuer (`{issuer}/.well-known/...`) in both formats, so both paths answer for every pool.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
 */
export function issuerUrl(baseUrl: string, userPoolId: string, format: LocalIssuerFormat): string {
  return format === 'updated' ? `${baseUrl}/${UPDATED_ISSUER_SEGMENT}/${userPoolId}` : `${baseUrl}/${userPoolId}`;
}

/** Which pool and issuer format a `/.well-known/` path belongs to. */
export function parseWellKnownPath(path: string): { userPoolId: string; format: LocalIssuerFormat; document: 'jwks.json' | 'openid-configuration' } | undefined {
  const match = new RegExp(`^(?:/(${UPDATED_ISSUER_SEGMENT}))?/([^/]+)/\\.well-known/(jwks\\.json|openid-configuration)$`).exec(path);
  if (!match) return undefined;
  return { userPoolId: match[2]!, format: match[1] ? 'updated' : 'original', document: match[3] as 'jwks.json' | 'openid-configuration' };
}
