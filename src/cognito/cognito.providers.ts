import type { Provider } from '@nestjs/common';
import {
  COGNITO_JWT_STRATEGY,
  COGNITO_JWT_STRATEGY_NAME,
  COGNITO_MODULE_USER_OPTIONS,
  COGNITO_OAUTH_STRATEGY,
  COGNITO_OAUTH_STRATEGY_NAME,
  COGNITO_OPTIONS,
  COGNITO_STORE,
} from './cognito.constants.js';
import type { CognitoModuleAsyncOptions, CognitoModuleOptions, CognitoOptionsFactory } from './options/cognito-module-options.interface.js';
import { CognitoConfigError } from './errors/cognito-config.error.js';
import { resolveCognitoOptions, type ResolvedCognitoOptions } from './options/resolve-options.js';
import { RevocationList } from './revocation/revocation-list.js';
import type { CognitoStore } from './store/cognito-store.interface.js';
import { MemoryCognitoStore } from './store/memory-cognito.store.js';
import { RedisCognitoStore } from './store/redis-cognito.store.js';

let instances = 0;

/** The shared store: the one given, a Redis store for `redisUrl`, or memory (one instance). */
export const storeProvider: Provider = {
  provide: COGNITO_STORE,
  useFactory: (options: ResolvedCognitoOptions): CognitoStore =>
    options.store ?? (options.redisUrl ? new RedisCognitoStore({ url: options.redisUrl }) : new MemoryCognitoStore()),
  inject: [COGNITO_OPTIONS],
};

/** The revocation list on the shared store; Nest starts it (loading what other instances revoked) before requests arrive. */
export const revocationListProvider: Provider = {
  provide: RevocationList,
  useFactory: (store: CognitoStore, options: ResolvedCognitoOptions) => new RevocationList(store, options.revocation),
  inject: [COGNITO_STORE, COGNITO_OPTIONS],
};

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

/** What a module instance was built with, before any options factory ran. */
export interface ModuleShape {
  isGlobal: boolean;
  globalGuard: boolean;
  /** Where the hosted-UI routes are mounted; undefined: none. */
  authPath?: string;
}

// A factory that leaves an option out has no opinion on it.
const disagrees = (given: boolean | undefined, shaped: boolean) => given !== undefined && given !== shaped;

/**
 * forRootAsync decides the module's routes and guards before its factory runs, so a factory that
 * says otherwise would be silently ignored (a `globalGuard: true` there left every route open).
 * Options that disagree with the module's shape stop the app at start-up instead, naming the option.
 */
export function checkShape(given: CognitoModuleOptions, shape: ModuleShape): CognitoModuleOptions {
  if (given === null || typeof given !== 'object') return given;
  const where = (option: string) => `to be given to CognitoModule.forRootAsync({ ${option}, useFactory }) itself: the module's routes and guards are set up before the factory runs`;
  if (disagrees(given.globalGuard, shape.globalGuard)) throw new CognitoConfigError('globalGuard', where('globalGuard'), String(given.globalGuard));
  if (disagrees(given.isGlobal, shape.isGlobal)) throw new CognitoConfigError('isGlobal', where('isGlobal'), String(given.isGlobal));
  if (given.authPath !== undefined && given.authPath !== (shape.authPath ?? false)) {
    throw new CognitoConfigError('authPath', where('authPath'), JSON.stringify(given.authPath));
  }
  if (shape.authPath === undefined && given.domain && given.redirectUri && given.authPath !== false) {
    throw new CognitoConfigError('authPath', "forRootAsync({ authPath: '/auth', useFactory }) to mount the hosted-UI routes, since the factory turns on hosted-UI sign-in (or authPath: false in the factory's options to use CognitoAuthService without routes)");
  }
  if (shape.authPath !== undefined && !given.domain) {
    throw new CognitoConfigError('domain', `the hosted-UI base URL, since forRootAsync({ authPath: '${shape.authPath}' }) mounts the hosted-UI routes`);
  }
  return { ...given, authPath: shape.authPath ?? false };
}

export function createAsyncOptionsProviders(options: CognitoModuleAsyncOptions, shape: ModuleShape): Provider[] {
  if (options.useFactory) {
    const useFactory = options.useFactory;
    return [
      {
        provide: COGNITO_MODULE_USER_OPTIONS,
        useFactory: async (...args: unknown[]) => checkShape(await useFactory(...args), shape),
        inject: options.inject ?? [],
      },
    ];
  }
  const factoryClass = options.useClass ?? options.useExisting;
  if (!factoryClass) throw new Error('CognitoModule.forRootAsync() needs useFactory, useClass or useExisting');
  const fromFactory: Provider = {
    provide: COGNITO_MODULE_USER_OPTIONS,
    useFactory: async (factory: CognitoOptionsFactory) => checkShape(await factory.createCognitoOptions(), shape),
    inject: [factoryClass],
  };
  return options.useClass ? [fromFactory, { provide: options.useClass, useClass: options.useClass }] : [fromFactory];
}
