import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CognitoGuard } from './bearer/cognito.guard.js';
import { CognitoJwtStrategy } from './bearer/cognito-jwt.strategy.js';
import { COGNITO_MODULE_USER_OPTIONS, COGNITO_OAUTH_STRATEGY_NAME, COGNITO_OPTIONS, COGNITO_STORE } from './cognito.constants.js';
import { createAsyncOptionsProviders, resolvedOptionsProvider, revocationListProvider, storeProvider, strategyNameProviders, type ModuleShape } from './cognito.providers.js';
import { cognitoAuthController } from './hosted-ui/cognito-auth.controller.js';
import { CognitoOAuthStrategy } from './hosted-ui/cognito-oauth.strategy.js';
import { HostedUiSignIn } from './hosted-ui/hosted-ui-sign-in.js';
import { CognitoHttp } from './http/cognito-http.js';
import { OAuthStateStore } from './hosted-ui/oauth-state.store.js';
import { CognitoJwtVerifier } from './jwt/cognito-jwt.verifier.js';
import { COGNITO_JWT_COLLABORATORS, type JwtVerifierCollaborators } from './jwt/verifier-collaborators.js';
import { CognitoAuthService } from './oauth/cognito-auth.service.js';
import { CognitoClientCredentials } from './oauth/cognito-client-credentials.service.js';
import type { CognitoModuleAsyncOptions, CognitoModuleOptions } from './options/cognito-module-options.interface.js';
import type { ResolvedCognitoOptions } from './options/resolve-options.js';
import { CognitoRevocation } from './revocation/cognito-revocation.service.js';
import { RevocationList } from './revocation/revocation-list.js';
import { DEFAULT_AUTH_PATH, normalizeAuthPath } from './options/resolve-options.js';
import { PassportRegistration } from './passport-registration.js';
import { CognitoSessionService } from './session/cognito-session.service.js';

// Guards are instantiated in the modules that use them, so what they inject is exported too.
const shared = [
  CognitoHttp,
  CognitoRevocation,
  CognitoJwtVerifier,
  CognitoJwtStrategy,
  CognitoGuard,
  CognitoAuthService,
  CognitoSessionService,
  CognitoClientCredentials,
];
const exported = [COGNITO_OPTIONS, COGNITO_OAUTH_STRATEGY_NAME, COGNITO_STORE, RevocationList, ...shared];

/**
 * `CognitoModule.forRoot({ userPoolId, clientId })` or `forRootAsync({ useFactory })`, then
 * `@UseGuards(CognitoGuard)` and `@Claims()`; `globalGuard: true` guards every route. With a
 * `domain` (forRoot) or an `authPath` (forRootAsync), the hosted-UI routes (sign-in, callback,
 * refresh, userinfo, sign-out) are mounted.
 */
@Module({})
export class CognitoModule {
  static forRoot(options: CognitoModuleOptions): DynamicModule {
    const authPath = options.domain && options.authPath !== false ? (options.authPath ?? DEFAULT_AUTH_PATH) : undefined;
    const shape = { isGlobal: options.isGlobal ?? false, globalGuard: options.globalGuard ?? false, authPath };
    return CognitoModule.build([{ provide: COGNITO_MODULE_USER_OPTIONS, useValue: options }], shape);
  }

  static forRootAsync(options: CognitoModuleAsyncOptions): DynamicModule {
    // The factory runs later; only what is given here shapes the module.
    const authPath = typeof options.authPath === 'string' ? normalizeAuthPath(options.authPath) : undefined;
    const shape = { isGlobal: options.isGlobal ?? false, globalGuard: options.globalGuard ?? false, authPath };
    return { ...CognitoModule.build(createAsyncOptionsProviders(options, shape), shape), imports: options.imports ?? [] };
  }

  private static build(optionsProviders: Provider[], shape: ModuleShape): DynamicModule {
    const providers: Provider[] = [
      ...optionsProviders,
      storeProvider,
      revocationListProvider,
      // The verifier's seams the module fills: the revocation list, and the options' JWKS fetcher.
      {
        provide: COGNITO_JWT_COLLABORATORS,
        useFactory: (options: ResolvedCognitoOptions, revocations: RevocationList): JwtVerifierCollaborators => ({
          revocations,
          ...(options.jwksFetcher ? { fetcher: options.jwksFetcher } : {}),
        }),
        inject: [COGNITO_OPTIONS, RevocationList],
      },
      resolvedOptionsProvider,
      ...strategyNameProviders(),
      ...shared,
      OAuthStateStore,
      CognitoOAuthStrategy,
      HostedUiSignIn,
      PassportRegistration,
    ];
    if (shape.globalGuard) providers.push({ provide: APP_GUARD, useExisting: CognitoGuard });
    const controllers: Type[] = shape.authPath ? [cognitoAuthController(shape.authPath)] : [];
    return { module: CognitoModule, global: shape.isGlobal, providers, controllers, exports: exported };
  }
}
