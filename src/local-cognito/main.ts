#!/usr/bin/env node
/**
 * `nest-cognito-local` (and `npm run local-cognito`): the local Cognito as a command.
 * Prints each pool's URLs and the COGNITO_* settings for the module's `.env`.
 */
import { parseArgs } from 'node:util';
import { LocalCognito } from './local-cognito.js';
import type { LocalPool } from './local-pool.js';
import type { LocalPoolConfig } from './pool.js';
import { DEFAULT_POOL } from './default-pool.js';
import { loadPoolFile } from './pool-validation.js';

const USAGE = `Usage: nest-cognito-local [options]

A local, Cognito-compatible identity provider: hosted UI, OAuth endpoints, JWKS, discovery and
the user-pool API (POST /), for one or more pools.

Options:
  --pool <file>        Pool JSON file (repeat for several pools). Default: the built-in demo pool.
  --port <port>        Port to listen on; 0 picks a free one. Default 9229.
  --host <address>     Address to bind. Default 127.0.0.1.
  --keys-file <file>   Where signing keys are kept, so tokens stay valid across restarts.
                       Default .local-cognito/keys.json.
  --ephemeral-keys     New keys on every start; nothing written.
  --client <clientId>  The app client for the printed .env settings. Default: the first code-flow client.
  -h, --help           Show this help.

Environment (used when the option is absent): LOCAL_COGNITO_PORT, LOCAL_COGNITO_POOL,
LOCAL_COGNITO_KEYS_FILE.`;

const DEFAULT_KEYS_FILE = '.local-cognito/keys.json';

interface CliOptions {
  pools: string[];
  port: number;
  host: string;
  keysFile?: string;
  client?: string;
}

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const options = parseOptions(argv, env);
  if (!options) return;
  const configs = options.pools.length ? options.pools.map((path) => ({ path, pool: loadPoolFile(path) })) : [{ path: undefined, pool: DEFAULT_POOL }];
  const cognito = await LocalCognito.start({
    port: options.port,
    host: options.host,
    pools: options.pools.length ? options.pools : [DEFAULT_POOL],
    keysFile: options.keysFile,
  });
  const stop = (signal: string) => {
    console.log(`[local-cognito] ${signal}: stopping`);
    cognito.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  console.log(`[local-cognito] listening on ${cognito.url}`);
  console.log(`  keys file           ${options.keysFile ?? '(none: new keys on every start)'}`);
  console.log(`  user-pool API       POST ${cognito.url}/  (AWS SDK: endpoint ${cognito.url}, any region, dummy credentials)`);
  cognito.allPools().forEach((pool, i) => console.log(describePool(pool, configs[i]!.pool, configs[i]!.path, options.client)));
  // Last line: tools that wait for the server can wait for it.
  console.log('Stop with Ctrl+C.');
}

/** Undefined after printing the help. Throws a usage error for anything it cannot read. */
function parseOptions(argv: string[], env: NodeJS.ProcessEnv): CliOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      pool: { type: 'string', multiple: true },
      port: { type: 'string' },
      host: { type: 'string' },
      'keys-file': { type: 'string' },
      'ephemeral-keys': { type: 'boolean' },
      client: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    return undefined;
  }
  const rawPort = values.port ?? env.LOCAL_COGNITO_PORT ?? '9229';
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65535) throw new UsageError(`--port must be a port number (0-65535), got "${rawPort}"`);
  if (values['ephemeral-keys'] && values['keys-file']) throw new UsageError('use either --keys-file or --ephemeral-keys');
  const pools = values.pool ?? (env.LOCAL_COGNITO_POOL ? [env.LOCAL_COGNITO_POOL] : []);
  return {
    pools,
    port,
    host: values.host ?? '127.0.0.1',
    keysFile: values['ephemeral-keys'] ? undefined : (values['keys-file'] ?? env.LOCAL_COGNITO_KEYS_FILE ?? DEFAULT_KEYS_FILE),
    client: values.client,
  };
}

function describePool(pool: LocalPool, config: LocalPoolConfig, path: string | undefined, clientId: string | undefined): string {
  const lines = [
    '',
    `pool ${pool.userPoolId} (${path ?? 'built-in default'})`,
    `  domain (hosted UI)  ${pool.url}`,
    `  issuer              ${pool.issuer}`,
    `  JWKS                ${pool.jwksUri}`,
    `  discovery           ${pool.issuer}/.well-known/openid-configuration`,
    `  region              ${pool.region}`,
    '  app clients:',
  ];
  for (const client of config.clients) {
    const kind = client.allowedOAuthFlows?.includes('client_credentials') ? 'client credentials' : client.clientSecret ? 'confidential, code flow' : 'public, code flow';
    lines.push(`    ${client.clientId}  [${kind}]${client.clientSecret ? '  (has a secret)' : ''}`);
  }
  lines.push('  users:');
  for (const user of config.users ?? []) {
    // The built-in pool's passwords are published demo values; a custom pool's are not printed.
    const password = config === DEFAULT_POOL ? `  password ${user.password}` : '';
    const groups = user.groups?.length ? `  groups ${user.groups.join(',')}` : '';
    lines.push(`    ${user.username}${password}${groups}`);
  }
  const client = config.clients.find((c) => (clientId ? c.clientId === clientId : (c.allowedOAuthFlows ?? ['code']).includes('code')));
  if (clientId && !client) {
    lines.push(`  (no client ${clientId} in this pool: no .env settings)`);
  } else if (client) {
    // A local pool's secret is a test value, and the module needs it to redeem codes.
    const settings = pool.settingsFor(client.clientId);
    lines.push(
      `  .env for the module (client ${client.clientId}):`,
      `    COGNITO_REGION=${settings.region}`,
      `    COGNITO_USER_POOL_ID=${settings.userPoolId}`,
      `    COGNITO_CLIENT_ID=${settings.clientId}`,
      ...(settings.clientSecret ? [`    COGNITO_CLIENT_SECRET=${settings.clientSecret}`] : []),
      `    COGNITO_DOMAIN=${settings.domain}`,
      `    COGNITO_ISSUER=${settings.issuer}`,
      `    COGNITO_JWKS_URI=${settings.jwksUri}`,
      ...(client.callbackUrls?.[0] ? [`    COGNITO_REDIRECT_URI=${client.callbackUrls[0]}`] : []),
      ...(client.logoutUrls?.[0] ? [`    COGNITO_LOGOUT_URI=${client.logoutUrls[0]}`] : []),
      `    COGNITO_SCOPES=${(client.allowedOAuthScopes ?? ['openid', 'email', 'profile']).join(' ')}`,
    );
    if (client.callbackUrls?.[0]) {
      const query = new URLSearchParams({ client_id: client.clientId, response_type: 'code', redirect_uri: client.callbackUrls[0], scope: 'openid' });
      lines.push(`  try it: open ${pool.url}/oauth2/authorize?${query.toString()}`);
    }
  }
  return lines.join('\n');
}

class UsageError extends Error {}

main(process.argv.slice(2), process.env).catch((error: unknown) => {
  const usage = error instanceof UsageError || (error as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS');
  console.error(`nest-cognito-local: ${(error as Error).message ?? String(error)}`);
  if (usage) console.error('Run nest-cognito-local --help for the options.');
  process.exit(usage ? 2 : 1);
});
