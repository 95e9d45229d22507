import type { CognitoModuleOptions, CognitoTokenUse } from './cognito-module-options.interface.js';
import { CognitoConfigError } from '../errors/cognito-config.error.js';

type Env = Record<string, string | undefined>;

function list(value: string | undefined): string[] | undefined {
  const items = value?.split(/[\s,]+/).filter(Boolean);
  return items?.length ? items : undefined;
}

const listOrOne = (items: string[] | undefined) => (items && items.length === 1 ? items[0] : items);

function number(env: Env, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new CognitoConfigError(name, 'a number', JSON.stringify(raw));
  return value;
}

/**
 * Builds module options from `COGNITO_*` variables (for `@nestjs/config` users: pass
 * `config.get` results or `process.env`). Validation of the values happens in the module, as for
 * any options; here a missing required variable is reported by its variable name.
 */
export function cognitoOptionsFromEnv(env: Env = process.env): CognitoModuleOptions {
  const get = (name: string) => env[name]?.trim() || undefined;
  const missing = ['COGNITO_USER_POOL_ID', 'COGNITO_CLIENT_ID'].filter((name) => !get(name));
  if (missing.length) {
    throw new CognitoConfigError(missing.join(', '), 'to be set in the environment (see .env.example)');
  }
  const clientIds = list(get('COGNITO_CLIENT_ID'))!;
  return {
    region: get('COGNITO_REGION'),
    userPoolId: get('COGNITO_USER_POOL_ID')!,
    clientId: clientIds.length === 1 ? clientIds[0] : clientIds,
    clientSecret: get('COGNITO_CLIENT_SECRET'),
    domain: get('COGNITO_DOMAIN'),
    redirectUri: get('COGNITO_REDIRECT_URI'),
    logoutUri: get('COGNITO_LOGOUT_URI'),
    scopes: list(get('COGNITO_SCOPES')),
    tokenUse: get('COGNITO_TOKEN_USE') as CognitoTokenUse | undefined,
    // Comma-separated for several (a pool's two issuer formats on a local provider).
    issuer: listOrOne(list(get('COGNITO_ISSUER'))),
    jwksUri: get('COGNITO_JWKS_URI'),
    clockTolerance: number(env, 'COGNITO_CLOCK_TOLERANCE'),
    jwksCacheMaxAge: number(env, 'COGNITO_JWKS_CACHE_MAX_AGE'),
    jwksRequestsPerMinute: number(env, 'COGNITO_JWKS_REQUESTS_PER_MINUTE'),
    jwksTimeout: number(env, 'COGNITO_JWKS_TIMEOUT'),
    // A session secret turns session mode on; it also encrypts the sign-in state cookies.
    cookieSecret: list(get('COGNITO_SESSION_SECRET') ?? get('COGNITO_COOKIE_SECRET')), // comma-separated: new first, for rotation
    session: get('COGNITO_SESSION_SECRET') ? true : undefined,
    allowedReturnTo: list(get('COGNITO_ALLOWED_RETURN_TO')),
    redisUrl: get('COGNITO_REDIS_URL'),
    m2m: get('COGNITO_M2M_CLIENT_ID')
      ? { clientId: get('COGNITO_M2M_CLIENT_ID')!, clientSecret: get('COGNITO_M2M_CLIENT_SECRET') ?? '' }
      : undefined,
  };
}
