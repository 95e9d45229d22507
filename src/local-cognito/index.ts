/** Testing kit: a local, Cognito-compatible identity provider. */
export { LocalCognito } from './local-cognito.js';
export type { IssuedClientToken, IssuedTokens, IssueTokensInput, LocalCognitoOptions, LocalCognitoSettings } from './local-cognito.js';
export type { LocalAppClient, LocalOAuthFlow, LocalPoolConfig, LocalResourceServer, LocalUser } from './pool.js';
export { DEFAULT_POOL } from './default-pool.js';
export { PoolConfigError } from './pool-validation.js';
