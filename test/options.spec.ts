import { describe, expect, it } from 'vitest';
import { Logger } from '@nestjs/common';
import { CognitoConfigError, CognitoModule, cognitoOptionsFromEnv, resolveCognitoOptions, type CognitoModuleOptions } from '../src/cognito/index.js';
import { bootBearerApp, bootWithOptions } from './apps/bearer-app.js';

const POOL = 'eu-west-1_AbC123xyz';
const base: CognitoModuleOptions = { userPoolId: POOL, clientId: '1example23456789' };

/** Resolves `options` and returns the CognitoConfigError it must throw. */
function configError(options: unknown): CognitoConfigError {
  let thrown: unknown;
  try {
    resolveCognitoOptions(options as CognitoModuleOptions);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `no error for ${JSON.stringify(options)}`).toBeInstanceOf(CognitoConfigError);
  return thrown as CognitoConfigError;
}

function envError(env: Record<string, string | undefined>): CognitoConfigError {
  let thrown: unknown;
  try {
    cognitoOptionsFromEnv(env);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `no error for ${JSON.stringify(env)}`).toBeInstanceOf(CognitoConfigError);
  return thrown as CognitoConfigError;
}

describe('resolveCognitoOptions: each bad option is named', () => {
  const bad: Array<[option: string, given: Record<string, unknown>]> = [
    ['userPoolId', { userPoolId: undefined }],
    ['userPoolId', { userPoolId: '' }],
    ['userPoolId', { userPoolId: 'eu-west-1' }],
    ['userPoolId', { userPoolId: 'eu-west-1_' }],
    ['userPoolId', { userPoolId: '_AbC123xyz' }],
    ['userPoolId', { userPoolId: 'eu-west-1_AbC 123' }],
    ['userPoolId', { userPoolId: 'eu-west-1_AbC-123' }],
    ['userPoolId', { userPoolId: 'eu west 1_AbC123' }],
    ['userPoolId', { userPoolId: 42 }],
    ['region', { region: 'us-east-1' }],
    ['region', { region: '' }],
    ['clientId', { clientId: undefined }],
    ['clientId', { clientId: '' }],
    ['clientId', { clientId: [] }],
    ['clientId', { clientId: ['1example23456789', ''] }],
    ['clientId', { clientId: ['1example23456789', 7] }],
    ['clientId', { clientId: 'two words' }],
    ['clientId', { clientId: 'semi;colon' }],
    ['clientId', { clientId: 12345 }],
    ['clientSecret', { clientSecret: '' }],
    ['domain', { domain: 'myapp.auth.eu-west-1.amazoncognito.com', redirectUri: 'https://api.example.com/auth/callback' }],
    ['domain', { domain: 'ftp://myapp.example.com', redirectUri: 'https://api.example.com/auth/callback' }],
    ['domain', { domain: 'not a url', redirectUri: 'https://api.example.com/auth/callback' }],
    ['redirectUri', { redirectUri: '/auth/callback' }],
    ['redirectUri', { redirectUri: 'javascript:alert(1)' }],
    ['logoutUri', { logoutUri: 'app.example.com' }],
    ['scopes', { scopes: ['openid', 'offline_access'] }],
    ['scopes', { scopes: ['open id'] }],
    ['scopes', { scopes: 'openid email' }],
    ['scopes', { scopes: ['openid', 3] }],
    ['tokenUse', { tokenUse: 'refresh' }],
    ['tokenUse', { tokenUse: 'ID' }],
    ['tokenUse', { tokenUse: '' }],
    ['issuer', { issuer: 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz' }],
    ['issuer', { issuer: 'file:///etc/passwd' }],
    ['jwksUri', { jwksUri: 'jwks.json' }],
    ['clockTolerance', { clockTolerance: -1 }],
    ['clockTolerance', { clockTolerance: Number.NaN }],
    ['clockTolerance', { clockTolerance: '5' }],
    ['jwksCacheMaxAge', { jwksCacheMaxAge: 0 }],
    ['jwksCacheMaxAge', { jwksCacheMaxAge: Number.POSITIVE_INFINITY }],
    ['jwksCacheMaxEntries', { jwksCacheMaxEntries: 0 }],
    ['jwksRequestsPerMinute', { jwksRequestsPerMinute: 0 }],
    ['jwksRequestsPerMinute', { jwksRequestsPerMinute: -10 }],
    ['jwksTimeout', { jwksTimeout: -5 }],
    ['verifiedTokenCacheSize', { verifiedTokenCacheSize: -1 }],
    ['maxTokenLength', { maxTokenLength: 10 }],
    ['additionalUserPools', { additionalUserPools: { userPoolId: 'us-east-1_Pool2', clientId: 'c2' } }],
    ['additionalUserPools', { additionalUserPools: 'us-east-1_Pool2' }],
    ['additionalUserPools[0]', { additionalUserPools: [null] }],
    ['additionalUserPools[1]', { additionalUserPools: [{ userPoolId: 'us-east-1_Pool2', clientId: 'c2' }, 'us-east-1_Pool3'] }],
    ['additionalUserPools[0].userPoolId', { additionalUserPools: [{ clientId: 'c2' }] }],
    ['additionalUserPools[0].userPoolId', { additionalUserPools: [{ userPoolId: 'pool2', clientId: 'c2' }] }],
    ['additionalUserPools[0].userPoolId', { additionalUserPools: [{ userPoolId: 'eu-west-1_AbC123xyz', clientId: 'c2' }] }],
    ['additionalUserPools[1].userPoolId', { additionalUserPools: [{ userPoolId: 'us-east-1_Pool2', clientId: 'c2' }, { userPoolId: 'us-east-1_Pool2', clientId: 'c3' }] }],
    ['additionalUserPools[0].clientId', { additionalUserPools: [{ userPoolId: 'us-east-1_Pool2' }] }],
    ['additionalUserPools[0].clientId', { additionalUserPools: [{ userPoolId: 'us-east-1_Pool2', clientId: [] }] }],
    ['additionalUserPools[0].region', { additionalUserPools: [{ userPoolId: 'us-east-1_Pool2', clientId: 'c2', region: 'eu-west-1' }] }],
    ['additionalUserPools[0].issuer', { additionalUserPools: [{ userPoolId: 'us-east-1_Pool2', clientId: 'c2', issuer: 'not a url' }] }],
    ['additionalUserPools[0].jwksUri', { additionalUserPools: [{ userPoolId: 'us-east-1_Pool2', clientId: 'c2', jwksUri: 'jwks.json' }] }],
    // Two pools answering to one iss: a token could not be routed.
    ['additionalUserPools[0].issuer', { additionalUserPools: [{ userPoolId: 'us-east-1_Pool2', clientId: 'c2', issuer: `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}` }] }],
    ['additionalUserPools[0].issuer', { additionalUserPools: [{ userPoolId: 'us-east-1_Pool2', clientId: 'c2', issuer: `https://issuer-cognito-idp.eu-west-1.amazonaws.com/${POOL}` }] }],
  ];
  for (const [option, given] of bad) {
    it(`${option}: ${JSON.stringify(given, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))}`, () => {
      const error = configError({ ...base, ...given });
      expect(error.option).toBe(option);
      expect(error.message).toContain(`"${option}"`);
      expect(error.name).toBe('CognitoConfigError');
    });
  }

  it('options that are not an object', () => {
    for (const options of [undefined, null, 'eu-west-1_AbC123xyz']) {
      expect(configError(options).option).toBe('options');
    }
  });

  it('the message says what was expected and what was given', () => {
    const error = configError({ ...base, userPoolId: 'eu-west-1' });
    expect(error.message).toContain('{region}_{id}');
    expect(error.message).toContain('"eu-west-1"');
    expect(configError({ ...base, region: 'us-east-1' }).message).toContain('eu-west-1');
  });

  it('never echoes a client secret', () => {
    const error = configError({ ...base, clientSecret: 42 });
    expect(error.option).toBe('clientSecret');
    expect(error.message).not.toContain('42');
  });
});

describe('resolveCognitoOptions: defaults', () => {
  it('derives region, issuer, jwksUri, and fills the rest in', () => {
    const resolved = resolveCognitoOptions(base);
    expect(resolved).toMatchObject({
      region: 'eu-west-1',
      userPoolId: POOL,
      clientIds: ['1example23456789'],
      issuer: `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}`,
      jwksUri: `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}/.well-known/jwks.json`,
      scopes: ['openid', 'email', 'profile'],
      tokenUse: 'access',
      clockTolerance: 0,
      jwksCacheMaxAge: 600_000,
      jwksCacheMaxEntries: 10,
      jwksRequestsPerMinute: 10,
      jwksTimeout: 5000,
      verifiedTokenCacheSize: 10_000,
      maxTokenLength: 8192,
    });
    expect(resolved.domain).toBeUndefined();
  });

  it('accepts both Cognito issuer formats of the pool, each with its own JWKS', () => {
    const original = `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}`;
    const updated = `https://issuer-cognito-idp.eu-west-1.amazonaws.com/${POOL}`;
    expect(resolveCognitoOptions(base).userPools).toEqual([
      {
        userPoolId: POOL,
        region: 'eu-west-1',
        clientIds: ['1example23456789'],
        issuers: [
          { issuer: original, jwksUri: `${original}/.well-known/jwks.json` },
          { issuer: updated, jwksUri: `${updated}/.well-known/jwks.json` },
        ],
      },
    ]);
  });

  it('issuer pins one; jwksUri serves every issuer of the pool', () => {
    const updated = `https://issuer-cognito-idp.eu-west-1.amazonaws.com/${POOL}`;
    const pinned = resolveCognitoOptions({ ...base, issuer: updated });
    expect(pinned.userPools[0].issuers).toEqual([{ issuer: updated, jwksUri: `${updated}/.well-known/jwks.json` }]);
    expect(pinned).toMatchObject({ issuer: updated, jwksUri: `${updated}/.well-known/jwks.json` });
    const shared = resolveCognitoOptions({ ...base, jwksUri: 'https://keys.example.com/jwks.json' });
    expect(shared.userPools[0].issuers.map((i) => i.jwksUri)).toEqual(['https://keys.example.com/jwks.json', 'https://keys.example.com/jwks.json']);
  });

  it('additionalUserPools: each pool with its own clients and issuers, the primary first and still top-level', () => {
    const resolved = resolveCognitoOptions({
      ...base,
      additionalUserPools: [
        { userPoolId: 'us-east-1_Pool2', clientId: ['c2a', 'c2b'] },
        { userPoolId: 'local_Pool3', clientId: 'c3', issuer: 'http://127.0.0.1:9229/local_Pool3' },
      ],
    });
    expect(resolved).toMatchObject({ userPoolId: POOL, region: 'eu-west-1', clientIds: ['1example23456789'], issuer: `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}` });
    expect(resolved.userPools.map((pool) => [pool.userPoolId, pool.region, pool.clientIds, pool.issuers.map((i) => i.issuer)])).toEqual([
      [POOL, 'eu-west-1', ['1example23456789'], [`https://cognito-idp.eu-west-1.amazonaws.com/${POOL}`, `https://issuer-cognito-idp.eu-west-1.amazonaws.com/${POOL}`]],
      ['us-east-1_Pool2', 'us-east-1', ['c2a', 'c2b'], ['https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool2', 'https://issuer-cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool2']],
      ['local_Pool3', 'local', ['c3'], ['http://127.0.0.1:9229/local_Pool3']],
    ]);
    expect(resolved.userPools[2].issuers[0].jwksUri).toBe('http://127.0.0.1:9229/local_Pool3/.well-known/jwks.json');
  });

  it('a region that matches the pool is accepted; other partitions too', () => {
    expect(resolveCognitoOptions({ ...base, region: 'eu-west-1' }).region).toBe('eu-west-1');
    const gov = resolveCognitoOptions({ ...base, userPoolId: 'us-gov-west-1_AbC123' });
    expect(gov.issuer).toBe('https://cognito-idp.us-gov-west-1.amazonaws.com/us-gov-west-1_AbC123');
  });

  it('jwksUri follows a given issuer; an explicit one wins', () => {
    const local = resolveCognitoOptions({ ...base, issuer: 'http://127.0.0.1:9229/eu-west-1_AbC123xyz' });
    expect(local.jwksUri).toBe('http://127.0.0.1:9229/eu-west-1_AbC123xyz/.well-known/jwks.json');
    const explicit = resolveCognitoOptions({ ...base, jwksUri: 'https://keys.example.com/jwks.json' });
    expect(explicit.jwksUri).toBe('https://keys.example.com/jwks.json');
    expect(explicit.issuer).toBe(`https://cognito-idp.eu-west-1.amazonaws.com/${POOL}`);
  });

  it('several client ids, scopes, token use and numbers as given', () => {
    const resolved = resolveCognitoOptions({
      ...base,
      clientId: ['client1', 'client2'],
      scopes: ['openid', 'orders/read'],
      tokenUse: 'id',
      clockTolerance: 5,
      verifiedTokenCacheSize: 0,
    });
    expect(resolved).toMatchObject({ clientIds: ['client1', 'client2'], scopes: ['openid', 'orders/read'], tokenUse: 'id', clockTolerance: 5, verifiedTokenCacheSize: 0 });
  });

  it('the hosted-UI domain loses its trailing slash', () => {
    const resolved = resolveCognitoOptions({
      ...base,
      domain: 'https://myapp.auth.eu-west-1.amazoncognito.com/',
      redirectUri: 'https://api.example.com/auth/callback',
    });
    expect(resolved.domain).toBe('https://myapp.auth.eu-west-1.amazoncognito.com');
  });
});

describe('bad options stop the app at start-up', () => {
  it('forRoot: app.init() rejects with the CognitoConfigError', async () => {
    Logger.overrideLogger(false);
    for (const [given, option] of [
      [{ userPoolId: 'nope' }, 'userPoolId'],
      [{ clientId: '' }, 'clientId'],
      [{ jwksRequestsPerMinute: -1 }, 'jwksRequestsPerMinute'],
      [{ additionalUserPools: [{ userPoolId: 'us-east-1_Pool2', clientId: '' }] }, 'additionalUserPools[0].clientId'],
    ] as const) {
      const boot = bootWithOptions({ ...base, ...given } as CognitoModuleOptions);
      await expect(boot).rejects.toBeInstanceOf(CognitoConfigError);
      await expect(boot).rejects.toMatchObject({ option });
    }
  });

  it('forRootAsync: options from the factory are validated the same way', async () => {
    const boot = bootBearerApp([CognitoModule.forRootAsync({ useFactory: async () => ({ ...base, tokenUse: 'refresh' as never }) })]);
    await expect(boot).rejects.toMatchObject({ name: 'CognitoConfigError', option: 'tokenUse' });
  });
});

describe('cognitoOptionsFromEnv', () => {
  const required = { COGNITO_USER_POOL_ID: POOL, COGNITO_CLIENT_ID: '1example23456789' };

  it('reads every variable', () => {
    const options = cognitoOptionsFromEnv({
      COGNITO_REGION: 'eu-west-1',
      COGNITO_USER_POOL_ID: ` ${POOL} `,
      COGNITO_CLIENT_ID: '1example23456789',
      COGNITO_CLIENT_SECRET: 's3cret',
      COGNITO_DOMAIN: 'https://myapp.auth.eu-west-1.amazoncognito.com',
      COGNITO_REDIRECT_URI: 'https://api.example.com/auth/callback',
      COGNITO_LOGOUT_URI: 'https://app.example.com/',
      COGNITO_SCOPES: 'openid email orders/read',
      COGNITO_TOKEN_USE: 'id',
      COGNITO_ISSUER: 'http://127.0.0.1:9229/eu-west-1_AbC123xyz',
      COGNITO_JWKS_URI: 'http://127.0.0.1:9229/eu-west-1_AbC123xyz/.well-known/jwks.json',
      COGNITO_CLOCK_TOLERANCE: '5',
      COGNITO_JWKS_CACHE_MAX_AGE: '60000',
      COGNITO_JWKS_REQUESTS_PER_MINUTE: ' 20 ',
      COGNITO_JWKS_TIMEOUT: '2500',
    });
    expect(options).toMatchObject({
      region: 'eu-west-1',
      userPoolId: POOL,
      clientId: '1example23456789',
      clientSecret: 's3cret',
      domain: 'https://myapp.auth.eu-west-1.amazoncognito.com',
      redirectUri: 'https://api.example.com/auth/callback',
      logoutUri: 'https://app.example.com/',
      scopes: ['openid', 'email', 'orders/read'],
      tokenUse: 'id',
      issuer: 'http://127.0.0.1:9229/eu-west-1_AbC123xyz',
      jwksUri: 'http://127.0.0.1:9229/eu-west-1_AbC123xyz/.well-known/jwks.json',
      clockTolerance: 5,
      jwksCacheMaxAge: 60_000,
      jwksRequestsPerMinute: 20,
      jwksTimeout: 2500,
    });
    // What it builds passes the module's own validation.
    expect(resolveCognitoOptions(options)).toMatchObject({ tokenUse: 'id', clientIds: ['1example23456789'] });
  });

  it('only the required variables: the rest is left to the defaults', () => {
    const options = cognitoOptionsFromEnv(required);
    expect(options).toMatchObject({ userPoolId: POOL, clientId: '1example23456789' });
    expect(options.scopes).toBeUndefined();
    expect(options.clockTolerance).toBeUndefined();
    expect(resolveCognitoOptions(options)).toMatchObject({ scopes: ['openid', 'email', 'profile'], tokenUse: 'access', jwksRequestsPerMinute: 10 });
  });

  it('lists are separated by spaces, commas, or both', () => {
    for (const raw of ['openid email profile', 'openid,email,profile', 'openid, email ,  profile', ' openid\temail\nprofile ']) {
      expect(cognitoOptionsFromEnv({ ...required, COGNITO_SCOPES: raw }).scopes).toEqual(['openid', 'email', 'profile']);
    }
    expect(cognitoOptionsFromEnv({ ...required, COGNITO_CLIENT_ID: 'client1, client2' }).clientId).toEqual(['client1', 'client2']);
    expect(cognitoOptionsFromEnv({ ...required, COGNITO_CLIENT_ID: 'client1 client2' }).clientId).toEqual(['client1', 'client2']);
    expect(cognitoOptionsFromEnv({ ...required, COGNITO_SCOPES: ' , ' }).scopes).toBeUndefined();
  });

  it('missing required variables are named in the message', () => {
    const both = envError({});
    expect(both.message).toContain('COGNITO_USER_POOL_ID');
    expect(both.message).toContain('COGNITO_CLIENT_ID');
    const one = envError({ COGNITO_USER_POOL_ID: POOL, COGNITO_CLIENT_ID: '   ' });
    expect(one.message).toContain('COGNITO_CLIENT_ID');
    expect(one.message).not.toContain('COGNITO_USER_POOL_ID');
    expect(envError({ COGNITO_CLIENT_ID: 'x' }).message).toContain('COGNITO_USER_POOL_ID');
  });

  it('a number variable that is not a number is named with its value', () => {
    for (const [name, raw] of [
      ['COGNITO_CLOCK_TOLERANCE', 'five'],
      ['COGNITO_JWKS_CACHE_MAX_AGE', '10m'],
      ['COGNITO_JWKS_REQUESTS_PER_MINUTE', 'Infinity'],
      ['COGNITO_JWKS_TIMEOUT', '5 000'],
    ]) {
      const error = envError({ ...required, [name]: raw });
      expect(error.option).toBe(name);
      expect(error.message).toContain(name);
      expect(error.message).toContain(JSON.stringify(raw));
    }
  });

  it('an empty number variable means the default', () => {
    expect(cognitoOptionsFromEnv({ ...required, COGNITO_JWKS_TIMEOUT: '' }).jwksTimeout).toBeUndefined();
    expect(cognitoOptionsFromEnv({ ...required, COGNITO_JWKS_TIMEOUT: '  ' }).jwksTimeout).toBeUndefined();
  });

  it('values it passes through are still validated by the module', () => {
    expect(configError(cognitoOptionsFromEnv({ ...required, COGNITO_TOKEN_USE: 'refresh' })).option).toBe('tokenUse');
    expect(configError(cognitoOptionsFromEnv({ ...required, COGNITO_CLOCK_TOLERANCE: '-3' })).option).toBe('clockTolerance');
    expect(configError(cognitoOptionsFromEnv({ ...required, COGNITO_USER_POOL_ID: 'pool' })).option).toBe('userPoolId');
  });

  it('reads process.env by default', () => {
    const saved = { ...process.env };
    try {
      process.env.COGNITO_USER_POOL_ID = POOL;
      process.env.COGNITO_CLIENT_ID = 'fromprocessenv';
      expect(cognitoOptionsFromEnv().clientId).toBe('fromprocessenv');
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});

describe('clockTolerance bound', () => {
  it('refuses more than 300 seconds of leeway', () => {
    const base = { userPoolId: 'eu-west-1_AbC123xyz', clientId: 'abc123' };
    expect(resolveCognitoOptions({ ...base, clockTolerance: 300 }).clockTolerance).toBe(300);
    expect(() => resolveCognitoOptions({ ...base, clockTolerance: 301 })).toThrow(CognitoConfigError);
    expect(() => resolveCognitoOptions({ ...base, clockTolerance: 1e9 })).toThrow(/clockTolerance.*0 to 300/);
  });
});

describe('issuer: one, or a list', () => {
  it('a list accepts each issuer, with its own JWKS', () => {
    const resolved = resolveCognitoOptions({ ...base, issuer: ['http://localhost:9229/pool', 'http://localhost:9229/issuer-cognito-idp/pool'] });
    expect(resolved.userPools[0]!.issuers).toEqual([
      { issuer: 'http://localhost:9229/pool', jwksUri: 'http://localhost:9229/pool/.well-known/jwks.json' },
      { issuer: 'http://localhost:9229/issuer-cognito-idp/pool', jwksUri: 'http://localhost:9229/issuer-cognito-idp/pool/.well-known/jwks.json' },
    ]);
    expect(resolved.issuer).toBe('http://localhost:9229/pool');
  });

  it.each([[[]], [['https://a.example/p', 'https://a.example/p']], [['https://a.example/p', 42]], [['not a url']]])('refuses %j, naming the option', (issuer) => {
    expect(() => resolveCognitoOptions({ ...base, issuer: issuer as never })).toThrow(/Invalid Cognito option "issuer/);
  });

  it('COGNITO_ISSUER takes a comma-separated list', () => {
    const env = { COGNITO_USER_POOL_ID: POOL, COGNITO_CLIENT_ID: 'c', COGNITO_ISSUER: 'https://a.example/p, https://b.example/p' };
    expect(cognitoOptionsFromEnv(env).issuer).toEqual(['https://a.example/p', 'https://b.example/p']);
    expect(cognitoOptionsFromEnv({ ...env, COGNITO_ISSUER: 'https://a.example/p' }).issuer).toBe('https://a.example/p');
  });
});

describe('shared store options', () => {
  it('COGNITO_REDIS_URL gives redisUrl; a bad URL is refused without echoing it (it may hold a password)', () => {
    const env = { COGNITO_USER_POOL_ID: POOL, COGNITO_CLIENT_ID: 'c', COGNITO_REDIS_URL: 'redis://:s3cret@redis:6379/0' };
    expect(cognitoOptionsFromEnv(env).redisUrl).toBe('redis://:s3cret@redis:6379/0');
    expect(resolveCognitoOptions({ ...base, redisUrl: 'redis://redis:6379/0' }).redisUrl).toBe('redis://redis:6379/0');
    let message = '';
    try {
      resolveCognitoOptions({ ...base, redisUrl: 'http://:s3cret@redis:6379' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/redisUrl/);
    expect(message).not.toContain('s3cret');
  });

  it('store must be a CognitoStore; revocation.failClosed a boolean', () => {
    expect(() => resolveCognitoOptions({ ...base, store: {} as never })).toThrow(/"store"/);
    expect(() => resolveCognitoOptions({ ...base, revocation: { failClosed: 'yes' as never } })).toThrow(/revocation\.failClosed/);
    expect(resolveCognitoOptions(base).revocation).toEqual({ failClosed: false, failClosedGraceMs: 30_000, maxTokenLifetimeSeconds: 86_400 });
  });
});
