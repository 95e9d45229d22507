import type { ProviderContext } from './context.js';
import { jsonReply, type Reply } from './http.js';
import { RESERVED_SCOPES, type LocalIssuerFormat } from './pool.js';

const PUBLIC = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=300' };

export function jwksRoute(ctx: ProviderContext) {
  return (): Reply => jsonReply(200, ctx.keys.jwks(), PUBLIC);
}

/**
 * Served under the issuer, like Cognito's (which lives on cognito-idp, not on the domain). Each
 * issuer format's document names its own issuer.
 */
export function openIdConfigurationRoute(ctx: ProviderContext, format: LocalIssuerFormat) {
  return (): Reply =>
    jsonReply(200, {
      issuer: ctx.issuerOf(format),
      jwks_uri: `${ctx.issuerOf(format)}/.well-known/jwks.json`,
      authorization_endpoint: `${ctx.baseUrl}/oauth2/authorize`,
      token_endpoint: `${ctx.baseUrl}/oauth2/token`,
      userinfo_endpoint: `${ctx.baseUrl}/oauth2/userInfo`,
      revocation_endpoint: `${ctx.baseUrl}/oauth2/revoke`,
      end_session_endpoint: `${ctx.baseUrl}/logout`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      scopes_supported: RESERVED_SCOPES.filter((s) => s !== 'aws.cognito.signin.user.admin'),
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256'],
    }, PUBLIC);
}
