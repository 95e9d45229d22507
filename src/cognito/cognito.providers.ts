import type { Provider } from '@nestjs/common';
import {
  COGNITO_JWT_STRATEGY,
  COGNITO_JWT_STRATEGY_NAME,
  COGNITO_MODULE_USER_OPTIONS,
  COGNITO_OAUTH_STRATEGY,
  COGNITO_OAUTH_STRATEGY_NAME,
  COGNITO_OPTIONS,
} from './cognito.constants.js';
import type { CognitoModuleAsyncOptions, CognitoModuleOptions, CognitoOptionsFactory } from './options/cognito-module-options.interface.js';
import { resolveCognitoOptions } from './options/resolve-options.js';

let instances = 0;

/** Options validated once, at start-up: a bad one stops the app with a message naming it. */
export const resolvedOptionsProvider: Provider = {
  provide: COGNITO_OPTIONS,
  useFactory: (options: CognitoModuleOptions) => resolveCognitoOptions(options),
  inject: [COGNITO_MODULE_USER_OPTIONS],
};

/**
 * Passport's strategy registry is process-wide: names of its own keep two module instances (two
 * apps, or two pools, in one process) from using each other's strategies.
 */
export function strategyNameProviders(): Provider[] {
  const instance = ++instances;
  return [
    { provide: COGNITO_JWT_STRATEGY_NAME, useValue: `${COGNITO_JWT_STRATEGY}#${instance}` },
    { provide: COGNITO_OAUTH_STRATEGY_NAME, useValue: `${COGNITO_OAUTH_STRATEGY}#${instance}` },
  ];
}

export function createAsyncOptionsProviders(options: CognitoModuleAsyncOptions): Provider[] {
  // What shaped the module wins over what the factory says, so routes and guard agree.
  const shaped = (given: CognitoModuleOptions): CognitoModuleOptions => ({
    ...given,
    ...(options.authPath !== undefined ? { authPath: options.authPath } : {}),
    ...(options.globalGuard !== undefined ? { globalGuard: options.globalGuard } : {}),
  });
  if (options.useFactory) {
    const useFactory = options.useFactory;
    return [
      {
        provide: COGNITO_MODULE_USER_OPTIONS,
        useFactory: async (...args: unknown[]) => shaped(await useFactory(...args)),
        inject: options.inject ?? [],
      },
    ];
  }
  const factoryClass = options.useClass ?? options.useExisting;
  if (!factoryClass) throw new Error('CognitoModule.forRootAsync() needs useFactory, useClass or useExisting');
  const fromFactory: Provider = {
    provide: COGNITO_MODULE_USER_OPTIONS,
    useFactory: async (factory: CognitoOptionsFactory) => shaped(await factory.createCognitoOptions()),
    inject: [factoryClass],
  };
  return options.useClass ? [fromFactory, { provide: options.useClass, useClass: options.useClass }] : [fromFactory];
}
