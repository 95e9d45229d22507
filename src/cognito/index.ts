export { CognitoModule } from './cognito.module.js';
export { COGNITO_JWT_STRATEGY, COGNITO_OAUTH_STRATEGY, COGNITO_OPTIONS } from './cognito.constants.js';
export type {
  CognitoModuleAsyncOptions,
  CognitoModuleOptions,
  CognitoOptionsFactory,
  CognitoSessionOptions,
  CognitoTokenUse,
  CognitoUserPoolOptions,
} from './options/cognito-module-options.interface.js';
export { resolveCognitoOptions, type ResolvedCognitoOptions, type ResolvedIssuer, type ResolvedUserPool } from './options/resolve-options.js';
export { cognitoOptionsFromEnv } from './options/options-from-env.js';
export type { CognitoAccessTokenClaims, CognitoClaims, CognitoIdTokenClaims } from './jwt/cognito-claims.interface.js';
export { CognitoJwtVerifier } from './jwt/cognito-jwt.verifier.js';
export { COGNITO_JWT_COLLABORATORS, type JwtVerifierCollaborators } from './jwt/verifier-collaborators.js';
export { httpJwksFetcher, type JwksFetcher } from './jwt/jwks-fetcher.js';
export * from './errors/cognito.error.js';
export * from './errors/jwt.errors.js';
export * from './errors/access.errors.js';
export * from './errors/session.errors.js';
export * from './errors/oauth.errors.js';
export { CognitoConfigError } from './errors/cognito-config.error.js';
export { errorResponse, type CognitoErrorBody, type CognitoErrorResponse } from './errors/error-response.js';
export { CognitoAuthService, type AuthorizeUrlParams, type VerifiedSignIn } from './oauth/cognito-auth.service.js';
export type { HostedUiPage } from './oauth/cognito-endpoints.js';
export type { CognitoTokenSet } from './oauth/cognito-token-client.js';
export type { CognitoUser } from './oauth/cognito-user-pool-api.js';
export { CognitoClientCredentials } from './oauth/cognito-client-credentials.service.js';
export { CognitoSessionService, type SessionTokens } from './session/cognito-session.service.js';
export { CognitoGuard } from './bearer/cognito.guard.js';
export { CognitoJwtStrategy } from './bearer/cognito-jwt.strategy.js';
export type { AccessRule } from './bearer/access-rules.js';
export { Claims } from './decorators/claims.decorator.js';
export { Groups } from './decorators/groups.decorator.js';
export { Scopes } from './decorators/scopes.decorator.js';
export { Public } from './decorators/public.decorator.js';
export { OptionalAuth } from './decorators/optional-auth.decorator.js';
export { CognitoHttp } from './http/cognito-http.js';
export { UnsupportedContextError, type AuthRequest } from './bearer/auth-request.js';
export { CognitoOAuthStrategy } from './hosted-ui/cognito-oauth.strategy.js';
export { HostedUiSignIn, type CognitoSignInResult } from './hosted-ui/hosted-ui-sign-in.js';
export * from './errors/store.errors.js';
export { COGNITO_STORE } from './cognito.constants.js';
export type { CognitoStore, SetCondition, StoreMember } from './store/cognito-store.interface.js';
export { MemoryCognitoStore, type MemoryCognitoStoreOptions } from './store/memory-cognito.store.js';
export { RedisCognitoStore, type RedisCognitoStoreOptions } from './store/redis-cognito.store.js';
export { sharedOnce } from './store/shared-once.js';
export { redeemOnce } from './store/redeem-once.js';
export { ServerSessions } from './store/server-sessions.js';
export { RevocationList, type RevocationListOptions } from './revocation/revocation-list.js';
export { CognitoRevocation, type RevocableTokens } from './revocation/cognito-revocation.service.js';
export type { CognitoRevocationOptions } from './options/cognito-module-options.interface.js';
export type { RevocationCheck } from './jwt/verifier-collaborators.js';
