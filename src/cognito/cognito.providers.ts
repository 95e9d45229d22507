import type { Provider } from '@nestjs/common';
import { COGNITO_JWT_STRATEGY, COGNITO_JWT_STRATEGY_NAME, COGNITO_MODULE_USER_OPTIONS, COGNITO_OPTIONS } from './cognito.constants.js';
import type { CognitoModuleAsyncOptions, CognitoModuleOptions, CognitoOptionsFactory } from './interfaces/cognito-module-options.interface.js';
import { resolveCognitoOptions } from './options/resolve-options.js';

let instances = 0;

/** Options validated once, at start-up: a bad one stops the app with a message naming it. */
export const resolvedOptionsProvider: Provider = {
  provide: COGNITO_OPTIONS,
  useFactory: (options: CognitoModuleOptions) => resolveCognitoOptions(options),
  inject: [COGNITO_MODULE_USER_OPTIONS],
};

export const strategyNameProvider: Provider = {
  provide: COGNITO_JWT_STRATEGY_NAME,
  useFactory: () => `${COGNITO_JWT_STRATEGY}#${++instances}`,
};

export function createAsyncOptionsProviders(options: CognitoModuleAsyncOptions): Provider[] {
  if (options.useFactory) {
    return [{ provide: COGNITO_MODULE_USER_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] }];
  }
  const factoryClass = options.useClass ?? options.useExisting;
  if (!factoryClass) throw new Error('CognitoModule.forRootAsync() needs useFactory, useClass or useExisting');
  const fromFactory: Provider = {
    provide: COGNITO_MODULE_USER_OPTIONS,
    useFactory: (factory: CognitoOptionsFactory) => factory.createCognitoOptions(),
    inject: [factoryClass],
  };
  return options.useClass ? [fromFactory, { provide: options.useClass, useClass: options.useClass }] : [fromFactory];
}
