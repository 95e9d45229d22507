/**
 * Standalone local Cognito: `npm run local-cognito`.
 * LOCAL_COGNITO_PORT (default 9229), LOCAL_COGNITO_POOL (optional pool JSON file).
 * Keys live in .local-cognito/keys.json so issued tokens survive a restart.
 */
import { DEFAULT_POOL } from './default-pool.js';
import { LocalCognito } from './local-cognito.js';
import type { LocalPoolConfig } from './pool.js';
import { loadPoolFile } from './pool-validation.js';

const KEYS_FILE = '.local-cognito/keys.json';

async function main(): Promise<void> {
  const port = Number(process.env.LOCAL_COGNITO_PORT ?? 9229);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`LOCAL_COGNITO_PORT must be a port number, got "${process.env.LOCAL_COGNITO_PORT}"`);
  const poolPath = process.env.LOCAL_COGNITO_POOL || undefined;
  const pool = poolPath ? loadPoolFile(poolPath) : DEFAULT_POOL;
  const cognito = await LocalCognito.start({ port, pool, keysFile: KEYS_FILE });
  console.log(describe(cognito, pool, poolPath));

  const stop = (signal: string) => {
    console.log(`[local-cognito] ${signal}: stopping`);
    cognito.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

function describe(cognito: LocalCognito, pool: LocalPoolConfig, poolPath: string | undefined): string {
  const isDefault = pool === DEFAULT_POOL;
  const lines = [
    `[local-cognito] listening on ${cognito.url} (pool ${isDefault ? 'built-in default' : poolPath})`,
    `  domain (hosted UI)  ${cognito.url}`,
    `  issuer              ${cognito.issuer}`,
    `  JWKS                ${cognito.jwksUri}`,
    `  discovery           ${cognito.issuer}/.well-known/openid-configuration`,
    `  user pool / region  ${cognito.userPoolId} / ${cognito.region}`,
    `  keys file           ${KEYS_FILE}`,
    '  app clients:',
  ];
  for (const client of pool.clients) {
    const kind = client.allowedOAuthFlows?.includes('client_credentials') ? 'client credentials' : client.clientSecret ? 'confidential, code flow' : 'public, code flow';
    // Secrets of the built-in pool are published demo values; a custom pool's are not printed.
    const secret = client.clientSecret ? (isDefault ? `  secret ${client.clientSecret}` : '  (has a secret)') : '';
    lines.push(`    ${client.clientId}  [${kind}]${secret}`);
  }
  lines.push('  users:');
  for (const user of pool.users ?? []) {
    const password = isDefault ? `  password ${user.password}` : '';
    const groups = user.groups?.length ? `  groups ${user.groups.join(',')}` : '';
    lines.push(`    ${user.username}${password}${groups}`);
  }
  const example = pool.clients.find((c) => (c.allowedOAuthFlows ?? ['code']).includes('code') && c.callbackUrls?.length);
  if (example) {
    const query = new URLSearchParams({ client_id: example.clientId, response_type: 'code', redirect_uri: example.callbackUrls![0]!, scope: 'openid email profile' });
    lines.push('  try it:', `    open ${cognito.url}/oauth2/authorize?${query.toString()}`);
  }
  lines.push('  point the module at the domain, issuer and client above; stop with Ctrl+C.');
  return lines.join('\n');
}

main().catch((error: unknown) => {
  console.error((error as Error).message ?? error);
  process.exit(1);
});
