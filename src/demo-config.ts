import { cognitoOptionsFromEnv, type CognitoModuleOptions } from './cognito/index.js';
import { LocalCognito } from './local-cognito/index.js';

type Env = Record<string, string | undefined>;

export interface DemoConfig {
  port: number;
  host: string;
  cognito: CognitoModuleOptions;
  /** Set when the demo runs on the embedded local identity provider. */
  local?: LocalCognito;
}

function portFrom(env: Env, name: string, fallback: number): number {
  const raw = env[name] ?? String(fallback);
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number, got "${raw}"`);
  return port;
}

/**
 * With `COGNITO_USER_POOL_ID` set, the demo talks to that real pool (all settings from
 * `COGNITO_*`). Without it, it starts the local identity provider and registers its own
 * callback and sign-out URLs there: zero configuration, offline.
 */
export async function demoConfig(env: Env = process.env): Promise<DemoConfig> {
  const port = portFrom(env, 'PORT', 3000);
  const host = env.HOST ?? '127.0.0.1';
  if (env.COGNITO_USER_POOL_ID) return { port, host, cognito: cognitoOptionsFromEnv(env) };

  const local = await LocalCognito.start({
    port: portFrom(env, 'LOCAL_COGNITO_PORT', 9229),
    keysFile: env.LOCAL_COGNITO_KEYS_FILE ?? '.local-cognito/keys.json',
    pool: env.LOCAL_COGNITO_POOL || undefined,
  });
  const appUrl = `http://localhost:${port}`;
  local.addClientUrls('localwebclient', { callbackUrls: [`${appUrl}/auth/callback`], logoutUrls: [`${appUrl}/`] });
  const secret = env.COGNITO_SESSION_SECRET?.trim();
  return {
    port,
    host,
    local,
    cognito: {
      ...local.settingsFor('localwebclient'),
      // The M2M client's tokens are accepted too, so `@Scopes('demo-api/read')` routes can be tried.
      clientId: ['localwebclient', 'localm2mclient'],
      redirectUri: `${appUrl}/auth/callback`,
      logoutUri: `${appUrl}/`,
      ...(secret ? { cookieSecret: secret.split(','), session: true } : {}),
      // Several demo instances share sign-outs and refreshes through Redis.
      ...(env.COGNITO_REDIS_URL?.trim() ? { redisUrl: env.COGNITO_REDIS_URL.trim() } : {}),
    },
  };
}
