import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { DEFAULT_POOL, LocalCognito, PoolConfigError, type LocalPoolConfig } from '../../src/local-cognito/index.js';

const dir = mkdtempSync(join(tmpdir(), 'local-cognito-'));
const quiet = { logger: () => undefined };

describe('local cognito: pool files and keys', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the shipped example pool file', async () => {
    const cognito = await LocalCognito.start({ pool: 'local-cognito.example.json', ...quiet });
    try {
      expect(cognito.userPoolId).toBe('local_ExamplePool');
      expect(cognito.settingsFor()).toMatchObject({ clientId: 'examplewebclient', clientSecret: 'examplewebclient-secret' });
      const tokens = await cognito.issueTokens({ username: 'dana' });
      const { payload } = await jwtVerify(tokens.id_token, createRemoteJWKSet(new URL(cognito.jwksUri)), { issuer: cognito.issuer });
      expect(payload).toMatchObject({ sub: '6f1c2a9e-0b1d-4e55-9d0a-3f7f2f1b9a01', 'cognito:groups': ['admin', 'support'], 'custom:tenant': 'globex' });
    } finally {
      await cognito.stop();
    }
  });

  it('names every bad field', async () => {
    const bad = {
      clients: [
        { clientId: 'a', callbackUrls: ['http://example.com/cb', 'https://ok.example/cb#frag'], allowedOAuthScopes: ['openid', 'nope/read'] },
        { clientId: 'a', allowedOAuthFlows: ['client_credentials'], accessTokenValiditySeconds: 10 },
        { clientId: 'b', allowedOAuthFlows: ['implicit'], colour: 'red' },
      ],
      users: [{ username: 'x', password: 'Passw0rd!', attributes: { shoe_size: '42', email_verified: 'yes' } }, { username: 'X' }],
    };
    const error = await LocalCognito.start({ pool: bad as unknown as LocalPoolConfig }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolConfigError);
    const problems = (error as PoolConfigError).problems;
    const expected = [
      'clients[0].callbackUrls[0]',
      'clients[0].callbackUrls[1]',
      'clients[0].allowedOAuthScopes[1]',
      'clients[1].clientId: duplicate',
      'clients[1].clientSecret: required',
      'clients[1].accessTokenValiditySeconds',
      'clients[2].allowedOAuthFlows[0]',
      'clients[2].colour: unknown field',
      'users[0].attributes["shoe_size"]',
      'users[0].attributes["email_verified"]',
      'users[1].password: required',
      'users[1].username: duplicate',
    ];
    for (const field of expected) expect(problems.some((p) => p.startsWith(field)), field).toBe(true);
    expect(problems).toHaveLength(expected.length);
  });

  it('reports unreadable and malformed files with their path', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ nope');
    await expect(LocalCognito.start({ pool: broken })).rejects.toThrow(/broken\.json[\s\S]*not valid JSON/);
    await expect(LocalCognito.start({ pool: join(dir, 'missing.json') })).rejects.toThrow(/missing\.json[\s\S]*cannot read/);
  });

  it('keeps keys in the keys file so tokens survive a restart', async () => {
    const keysFile = join(dir, 'nested', 'keys.json');
    const first = await LocalCognito.start({ keysFile, ...quiet });
    const tokens = await first.issueTokens({ username: 'alice' });
    const firstJwks = await (await fetch(first.jwksUri)).json();
    await first.stop();
    expect(statSync(keysFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keysFile, 'utf8')).toContain('"d"');

    const second = await LocalCognito.start({ keysFile, port: first.port, ...quiet });
    try {
      expect(await (await fetch(second.jwksUri)).json()).toEqual(firstJwks);
      await jwtVerify(tokens.access_token, createRemoteJWKSet(new URL(second.jwksUri)), { issuer: second.issuer });
    } finally {
      await second.stop();
    }
  });

  it('does not mutate DEFAULT_POOL and honours the userPoolId option', async () => {
    const snapshot = JSON.stringify(DEFAULT_POOL);
    const cognito = await LocalCognito.start({ userPoolId: 'local_Other1', ...quiet });
    try {
      cognito.addClientUrls('localwebclient', { callbackUrls: ['http://localhost:1234/cb'] });
      cognito.addUser({ username: 'zed', password: 'Zed-Passw0rd!' });
      expect(cognito.issuer).toMatch(/\/local_Other1$/);
      expect((await fetch(`${cognito.issuer}/.well-known/jwks.json`)).status).toBe(200);
    } finally {
      await cognito.stop();
    }
    expect(JSON.stringify(DEFAULT_POOL)).toBe(snapshot);
  });
});
