import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CognitoGuard } from './bearer/cognito.guard.js';
import { CognitoJwtStrategy } from './bearer/cognito-jwt.strategy.js';
import { COGNITO_MODULE_USER_OPTIONS, COGNITO_OAUTH_STRATEGY_NAME, COGNITO_OPTIONS } from './cognito.constants.js';
import { createAsyncOptionsProviders, resolvedOptionsProvider, strategyNameProviders } from './cognito.providers.js';
import { cognitoAuthController } from './hosted-ui/cognito-auth.controller.js';
import { CognitoOAuthStrategy } from './hosted-ui/cognito-oauth.strategy.js';
import { HostedUiSignIn } from './hosted-ui/hosted-ui-sign-in.js';
import { CognitoHttp } from './http/cognito-http.js';
import { OAuthStateStore } from './hosted-ui/oauth-state.store.js';
import { CognitoJwtVerifier } from './jwt/cognito-jwt.verifier.js';
import { CognitoAuthService } from './oauth/cognito-auth.service.js';
import { CognitoClientCredentials } from './oauth/cognito-client-credentials.service.js';
import type { CognitoModuleAsyncOptions, CognitoModuleOptions } from './options/cognito-module-options.interface.js';
import { DEFAULT_AUTH_PATH } from './options/resolve-options.js';
import { PassportRegistration } from './passport-registration.js';
import { CognitoSessionService } from './session/cognito-session.service.js';

// Guards are instantiated in the modules that use them, so what they inject is exported too.
const shared = [
  CognitoHttp,
  CognitoJwtVerifier,
  CognitoJwtStrategy,
  CognitoGuard,
  CognitoAuthService,
  CognitoSessionService,
  CognitoClientCredentials,
];
const exported = [COGNITO_OPTIONS, COGNITO_OAUTH_STRATEGY_NAME, ...shared];

interface ModuleShape {
  isGlobal?: boolean;
  globalGuard?: boolean;
  /** Undefined: no hosted-UI routes. */
  authPath?: string;
}

/**
 * `CognitoModule.forRoot({ userPoolId, clientId })` or `forRootAsync({ useFactory })`, then
 * `@UseGuards(CognitoGuard)` and `@Claims()`; `globalGuard: true` guards every route. With a
 * `domain`, the hosted-UI routes (sign-in, callback, refresh, userinfo, sign-out) are mounted.
 */
@Module({})
export class CognitoModule {
  static forRoot(options: CognitoModuleOptions): DynamicModule {
    const authPath = options.domain && options.authPath !== false ? (options.authPath ?? DEFAULT_AUTH_PATH) : undefined;
    return CognitoModule.build([{ provide: COGNITO_MODULE_USER_OPTIONS, useValue: options }], { ...options, authPath });
  }

  static forRootAsync(options: CognitoModuleAsyncOptions): DynamicModule {
    const authPath = options.authPath === false ? undefined : (options.authPath ?? DEFAULT_AUTH_PATH);
    return { ...CognitoModule.build(createAsyncOptionsProviders(options), { ...options, authPath }), imports: options.imports ?? [] };
  }

  private static build(optionsProviders: Provider[], shape: ModuleShape): DynamicModule {
    const providers: Provider[] = [
      ...optionsProviders,
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
    return { module: CognitoModule, global: shape.isGlobal ?? false, providers, controllers, exports: exported };
  }
}
