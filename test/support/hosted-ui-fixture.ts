import type { INestApplication } from '@nestjs/common';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { CognitoModuleOptions } from '../../src/cognito/index.js';
import { bootHostedUiApp } from '../apps/hosted-ui-app.js';
import { CountingProxy } from './counting-proxy.js';
import { LOGOUT_URI, REDIRECT_URI, startIdp, type TestIdp } from './hosted-ui-harness.js';

/** What the apps of a hosted-UI suite are configured from. */
export interface HostedUiEnv {
  t: TestIdp;
  /** A counting proxy in front of the IdP, to count and break calls to Cognito's domain. */
  proxy: CountingProxy;
}

/** A hosted-UI suite's running parts, filled in before its first test. */
export interface HostedUiSuite<Name extends string> extends HostedUiEnv {
  apps: Record<Name, INestApplication>;
}

/**
 * Module options for one of the IdP's app clients, with this app's callback and sign-out URLs;
 * Cognito's domain is reached through the counting proxy unless `direct`. Tokens are the IdP's either way.
 */
export function clientOptions(env: HostedUiEnv, clientId: string, extra: Partial<CognitoModuleOptions> & { direct?: boolean } = {}): CognitoModuleOptions {
  const { direct, ...options } = extra;
  return {
    ...env.t.idp.settingsFor(clientId),
    ...(direct ? {} : { domain: env.proxy.url }),
    redirectUri: REDIRECT_URI,
    logoutUri: LOGOUT_URI,
    ...options,
  } as CognitoModuleOptions;
}

/**
 * The lifecycle every hosted-UI suite shares: before it, a local Cognito (see `startIdp`), a
 * counting proxy in front of it, and one app per entry of `apps`; after each test, the proxy
 * passes again and the IdP's clock is back; after the suite, everything is stopped.
 */
export function useHostedUiSuite<Name extends string>(
  apps: (env: HostedUiEnv) => Record<Name, CognitoModuleOptions>,
  idp: Parameters<typeof startIdp>[0] = {},
): HostedUiSuite<Name> {
  const suite = { apps: {} } as HostedUiSuite<Name>;
  beforeAll(async () => {
    suite.t = await startIdp(idp);
    suite.proxy = await CountingProxy.start(suite.t.idp.url);
    for (const [name, options] of Object.entries(apps(suite)) as Array<[Name, CognitoModuleOptions]>) {
      suite.apps[name] = await bootHostedUiApp(options);
    }
  });
  afterEach(() => {
    suite.proxy.mode = 'pass';
    suite.t.clock.offsetMs = 0;
  });
  afterAll(async () => {
    for (const app of Object.values<INestApplication>(suite.apps)) await app.close();
    await suite.proxy?.stop();
    await suite.t?.idp.stop();
  });
  return suite;
}
