import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { COGNITO_JWT_STRATEGY_NAME, COGNITO_MODULE_USER_OPTIONS, COGNITO_OPTIONS } from './cognito.constants.js';
import { createAsyncOptionsProviders, resolvedOptionsProvider, strategyNameProvider } from './cognito.providers.js';
import { CognitoGuard } from './guards/cognito.guard.js';
import type { CognitoModuleAsyncOptions, CognitoModuleOptions } from './interfaces/cognito-module-options.interface.js';
import { CognitoJwtStrategy } from './jwt/cognito-jwt.strategy.js';
import { CognitoJwtVerifier } from './jwt/cognito-jwt.verifier.js';

// The guard is instantiated in the modules that use it, so what it injects is exported too.
const exported = [COGNITO_OPTIONS, COGNITO_JWT_STRATEGY_NAME, CognitoJwtVerifier, CognitoJwtStrategy, CognitoGuard];

/**
 * `CognitoModule.forRoot({ userPoolId, clientId })` or `forRootAsync({ useFactory })`, then
 * `@UseGuards(CognitoGuard)` and `@Claims()`; `globalGuard: true` guards every route.
 */
@Module({})
export class CognitoModule {
  static forRoot(options: CognitoModuleOptions): DynamicModule {
    return CognitoModule.build([{ provide: COGNITO_MODULE_USER_OPTIONS, useValue: options }], options);
  }

  static forRootAsync(options: CognitoModuleAsyncOptions): DynamicModule {
    return { ...CognitoModule.build(createAsyncOptionsProviders(options), options), imports: options.imports ?? [] };
  }

  private static build(optionsProviders: Provider[], shape: { isGlobal?: boolean; globalGuard?: boolean }): DynamicModule {
    const providers: Provider[] = [
      ...optionsProviders,
      resolvedOptionsProvider,
      strategyNameProvider,
      CognitoJwtVerifier,
      CognitoJwtStrategy,
      CognitoGuard,
    ];
    if (shape.globalGuard) providers.push({ provide: APP_GUARD, useExisting: CognitoGuard });
    return { module: CognitoModule, global: shape.isGlobal ?? false, providers, exports: exported };
  }
}
