export { CognitoModule } from './cognito.module.js';
export { COGNITO_JWT_STRATEGY, COGNITO_OAUTH_STRATEGY, COGNITO_OPTIONS } from './cognito.constants.js';
export type {
  CognitoModuleAsyncOptions,
  CognitoModuleOptions,
  CognitoOptionsFactory,
  CognitoTokenUse,
} from './interfaces/cognito-module-options.interface.js';
export type { CognitoAccessTokenClaims, CognitoClaims, CognitoIdTokenClaims } from './interfaces/cognito-claims.interface.js';
export { resolveCognitoOptions, type ResolvedCognitoOptions } from './options/resolve-options.js';
export { cognitoOptionsFromEnv } from './options/options-from-env.js';
export { CognitoConfigError } from './options/cognito-config.error.js';
export { CognitoJwtVerifier } from './jwt/cognito-jwt.verifier.js';
export { CognitoJwtStrategy } from './jwt/cognito-jwt.strategy.js';
export * from './jwt/jwt.errors.js';
export { CognitoGuard } from './guards/cognito.guard.js';
export { Claims } from './decorators/claims.decorator.js';
export { Groups } from './decorators/groups.decorator.js';
export { Scopes } from './decorators/scopes.decorator.js';
export { Public } from './decorators/public.decorator.js';
export type { AccessRule } from './authorization/access-rules.js';
export type { CognitoSessionOptions } from './interfaces/cognito-module-options.interface.js';
export { CognitoAuthService, type AuthorizeUrlParams, type HostedUiPage, type VerifiedSignIn } from './hosted-ui/cognito-auth.service.js';
export { CognitoClientCredentials } from './hosted-ui/cognito-client-credentials.service.js';
export { CognitoOAuthError } from './hosted-ui/cognito-oauth.errors.js';
export { CognitoOAuthGuard } from './hosted-ui/cognito-oauth.guard.js';
export { CognitoOAuthStrategy, type CognitoSignInResult } from './hosted-ui/cognito-oauth.strategy.js';
export type { CognitoTokenSet } from './hosted-ui/cognito-token-client.js';
export { CognitoSessionService, type SessionTokens } from './session/cognito-session.service.js';
