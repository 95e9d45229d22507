/** Testing kit: a local, Cognito-compatible identity provider. */
export { LocalCognito } from './local-cognito.js';
export type { LocalCognitoOptions } from './local-cognito.js';
export { LocalPool } from './local-pool.js';
export type { AppUrls, IssuedClientToken, IssuedTokens, IssueTokensInput, LocalCognitoSettings, LocalSdkConfig } from './local-pool.js';
export type { AppSignIn, AppSignInOptions } from './app-sign-in.js';
export { HostedUiBrowser } from './hosted-ui-browser.js';
export type { HostedUiPage } from './hosted-ui-browser.js';
export type {
  AccessTokenClaimsOverride,
  ClaimValue,
  GroupOverrideDetails,
  LocalAppClient,
  LocalExplicitAuthFlow,
  LocalIssuerFormat,
  LocalOAuthFlow,
  LocalPoolConfig,
  LocalPreTokenGeneration,
  LocalPreTokenGenerationVersion,
  LocalResourceServer,
  LocalUser,
  PreTokenGenerationEvent,
  PreTokenGenerationHandler,
  PreTokenGenerationTriggerSource,
  TokenClaimsOverride,
} from './pool.js';
export { DEFAULT_POOL, DEMO_USERS } from './default-pool.js';
export { PoolConfigError } from './pool-validation.js';
export { freePort } from './free-port.js';
