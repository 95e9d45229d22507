/** Swagger (OpenAPI) support, apart from the main entry so that `@nestjs/swagger` stays optional. */
export { ApiCognitoAuth } from './api-cognito-auth.decorator.js';
export { addCognitoSecurity, COGNITO_BEARER_SCHEME, COGNITO_OAUTH2_SCHEME, type CognitoSecurityOptions } from './cognito-security-schemes.js';
export { documentCognitoRoutes } from './document-cognito-routes.js';
