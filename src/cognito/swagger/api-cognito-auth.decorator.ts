import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOAuth2, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { COGNITO_BEARER_SCHEME, COGNITO_OAUTH2_SCHEME } from './cognito-security-schemes.js';

/**
 * Documents a route (or controller) that `CognitoGuard` protects: both security schemes of
 * `addCognitoSecurity()`, so Swagger UI sends the token it holds, and the 401/403 answers.
 * `scopes` are the OAuth scopes the route needs (as given to `@Scopes()`).
 */
export function ApiCognitoAuth(...scopes: string[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiBearerAuth(COGNITO_BEARER_SCHEME),
    ApiOAuth2(scopes, COGNITO_OAUTH2_SCHEME),
    ApiUnauthorizedResponse({ description: 'No token, or a token that is invalid, expired or revoked (`WWW-Authenticate: Bearer`)' }),
    ApiForbiddenResponse({ description: 'A valid token without the group or scope the route requires (`insufficient_scope`)' }),
  ) as MethodDecorator & ClassDecorator;
}
