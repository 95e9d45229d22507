import type { DocumentBuilder } from '@nestjs/swagger';

/** The security scheme names `ApiCognitoAuth()` refers to. */
export const COGNITO_BEARER_SCHEME = 'cognito';
export const COGNITO_OAUTH2_SCHEME = 'cognito-oauth2';

export interface CognitoSecurityOptions {
  /** The hosted-UI base URL (the module's `domain`), for the authorization-code flow. Without it, only the bearer scheme. */
  domain?: string;
  /** Scopes Swagger UI offers, with descriptions. Default: `openid`, `email`, `profile`. */
  scopes?: Record<string, string>;
}

const DEFAULT_SCOPES = { openid: 'OpenID Connect sign-in', email: 'the email address', profile: 'the user profile' };

/**
 * Adds the schemes a Cognito-protected API has: a bearer JWT (paste an access token), and
 * Cognito's authorization-code flow (`{domain}/oauth2/authorize`, `{domain}/oauth2/token`), so
 * Swagger UI's "Authorize" signs in through the hosted UI. Swagger UI should then use PKCE:
 * `SwaggerModule.setup(path, app, document, { swaggerOptions: { initOAuth: { clientId, usePkceWithAuthorizationCodeGrant: true } } })`.
 */
export function addCognitoSecurity(builder: DocumentBuilder, options: CognitoSecurityOptions = {}): DocumentBuilder {
  builder.addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A Cognito access token' }, COGNITO_BEARER_SCHEME);
  if (options.domain === undefined) return builder;
  const domain = options.domain.replace(/\/+$/, '');
  return builder.addOAuth2(
    {
      type: 'oauth2',
      description: 'Sign in through the Cognito hosted UI (authorization code with PKCE)',
      flows: { authorizationCode: { authorizationUrl: `${domain}/oauth2/authorize`, tokenUrl: `${domain}/oauth2/token`, scopes: options.scopes ?? DEFAULT_SCOPES } },
    },
    COGNITO_OAUTH2_SCHEME,
  );
}
