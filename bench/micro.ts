import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { verify as cryptoVerify } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { CognitoJwtVerifier as AwsCognitoJwtVerifier } from 'aws-jwt-verify';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import jwksRsa from 'jwks-rsa';
import { ExtractJwt, Strategy as PassportJwtStrategy } from 'passport-jwt';
import { CognitoJwtStrategy, CognitoJwtVerifier, CognitoModule, resolveCognitoOptions } from '../src/cognito/index.js';
import { CLIENT_ID, ISSUER, MAIN_KID, POOL_ID, median, publicKeyFromJwk, readConfig, report, rotated } from './common.js';

/**
 * Micro benchmark, one core: verifications per second, one at a time, for each contender, on a
 * pool of distinct tokens (cycled; larger than our verified-token cache, so every call misses it)
 * and on one repeated token. Contenders alternate round by round; ratios are to raw crypto.verify
 * measured in the same round.
 */
const config = readConfig();
const lines = readFileSync(config.tokensFile, 'utf8').trim().split('\n');
const repeated = lines.pop()!;
const pool = lines;

type Verify = (token: string) => unknown;
interface Contender {
  id: string;
  tokens: 'distinct' | 'repeated';
  /** Synchronous contenders are not awaited: raw crypto.verify is the limit. */
  sync?: boolean;
  run: Verify;
}

function fetchJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk) => (body += chunk)).on('end', () => resolve(JSON.parse(body)));
    }).on('error', reject);
  });
}

/** Drives a Passport strategy as passport.authenticate() does: a fresh Object.create() per request. */
function viaPassport(strategy: object): Verify {
  return (token) =>
    new Promise((resolve, reject) => {
      const attempt = Object.create(strategy) as {
        success(user: unknown): void;
        fail(info: unknown): void;
        error(error: unknown): void;
        authenticate(req: unknown, options: unknown): void;
      };
      attempt.success = resolve;
      attempt.fail = (info) => reject(new Error(`strategy failed: ${String((info as Error)?.message ?? info)}`));
      attempt.error = reject;
      attempt.authenticate({ headers: { authorization: `Bearer ${token}` } }, {});
    });
}

async function contenders(): Promise<Contender[]> {
  const jwks = (await fetchJson(config.jwksUri)) as JSONWebKeySet;
  const mainJwk = jwks.keys.find((k) => k.kid === MAIN_KID)!;

  // The limit: the RS256 signature check alone, bytes prepared in advance.
  const key = publicKeyFromJwk(mainJwk as Record<string, unknown>);
  const prepared = new Map<string, { input: Buffer; signature: Buffer }>();
  for (const token of [...pool, repeated]) {
    const dot = token.lastIndexOf('.');
    prepared.set(token, { input: Buffer.from(token.slice(0, dot)), signature: Buffer.from(token.slice(dot + 1), 'base64url') });
  }
  const raw: Verify = (token) => {
    const { input, signature } = prepared.get(token)!;
    if (!cryptoVerify('RSA-SHA256', input, key, signature)) throw new Error('bad signature');
    return true;
  };

  // Ours, constructed directly, JWKS fetched over HTTP at warm-up; default cache size.
  const ours = new CognitoJwtVerifier(resolveCognitoOptions({ userPoolId: POOL_ID, clientId: CLIENT_ID, jwksUri: config.jwksUri }));
  await ours.onModuleInit();
  // The same with the verified-token cache off: what hashing and caching cost a token seen once.
  const uncached = new CognitoJwtVerifier(
    resolveCognitoOptions({ userPoolId: POOL_ID, clientId: CLIENT_ID, jwksUri: config.jwksUri, verifiedTokenCacheSize: 0 }),
  );
  await uncached.onModuleInit();

  // Ours end to end as Passport sees it: the strategy from a real module, driven like passport-jwt's below.
  const app = await NestFactory.createApplicationContext(
    CognitoModule.forRoot({ userPoolId: POOL_ID, clientId: CLIENT_ID, jwksUri: config.jwksUri }),
    { logger: false },
  );
  await app.init();
  const ourStrategy = app.get(CognitoJwtStrategy);

  // aws-jwt-verify's own Cognito verifier with the same checks (iss, token_use, client_id), its JWKS
  // cache loaded with cacheJwks() from the same HTTP-served JWKS: what its async verify() uses once warm.
  const aws = AwsCognitoJwtVerifier.create({ userPoolId: POOL_ID, tokenUse: 'access', clientId: CLIENT_ID });
  aws.cacheJwks(jwks as never);

  // jose with the JWKS in memory; it knows nothing of Cognito, so its two checks are added here.
  const localJwks = createLocalJWKSet(jwks);
  const jose: Verify = async (token) => {
    const { payload } = await jwtVerify(token, localJwks, { issuer: ISSUER, algorithms: ['RS256'] });
    if (payload.token_use !== 'access' || payload.client_id !== CLIENT_ID) throw new Error('not our access token');
    return payload;
  };

  // The stock path: passport-jwt + jwks-rsa's passportJwtSecret (jsonwebtoken underneath).
  const stock = new PassportJwtStrategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKeyProvider: jwksRsa.passportJwtSecret({ jwksUri: config.jwksUri, cache: true, rateLimit: true, jwksRequestsPerMinute: 10 }),
      issuer: ISSUER,
      algorithms: ['RS256'],
    },
    (payload: Record<string, unknown>, done: (error: unknown, user?: unknown, info?: unknown) => void) =>
      payload.token_use === 'access' && payload.client_id === CLIENT_ID ? done(null, payload) : done(null, false, 'not our access token'),
  );

  const list: Contender[] = [{ id: 'raw', tokens: 'distinct', sync: true, run: raw }];
  const peers: [string, Verify][] = [
    ['ours', (token) => ours.verify(token)],
    ['ours-strategy', viaPassport(ourStrategy)],
    ['aws-jwt-verify', (token) => aws.verify(token)],
    ['jose', jose],
    ['passport-jwt', viaPassport(stock)],
  ];
  for (const tokens of ['distinct', 'repeated'] as const) {
    for (const [id, run] of peers) list.push({ id, tokens, run });
    if (tokens === 'distinct') list.push({ id: 'ours-uncached', tokens, run: (token) => uncached.verify(token) });
  }
  return list;
}

/** Each contender keeps its own place in the pool, so cycling never hands it a token it has just seen. */
function tokenSource(contender: Contender): () => string {
  if (contender.tokens === 'repeated') return () => repeated;
  let next = 0;
  return () => {
    const token = pool[next];
    next = next + 1 === pool.length ? 0 : next + 1;
    return token;
  };
}

async function measure(contender: Contender, next: () => string, ms: number): Promise<number> {
  const batch = 32;
  let ops = 0;
  const start = performance.now();
  let now = start;
  const run = contender.run;
  do {
    if (contender.sync) for (let i = 0; i < batch; i++) run(next());
    else for (let i = 0; i < batch; i++) await run(next());
    ops += batch;
    now = performance.now();
  } while (now - start < ms);
  return (ops * 1000) / (now - start);
}

async function main(): Promise<void> {
  const list = await contenders();
  // Every contender must accept the pool and the repeated token, and reject a forged one, before it is timed.
  const forged = repeated.slice(0, repeated.lastIndexOf('.') + 1) + pool[0].slice(pool[0].lastIndexOf('.') + 1);
  for (const contender of list) {
    await contender.run(contender.tokens === 'repeated' ? repeated : pool[0]);
    if (contender.id === 'raw') continue;
    const rejected = await Promise.resolve()
      .then(() => contender.run(forged))
      .then(() => false, () => true);
    if (!rejected) throw new Error(`${contender.id} accepted a forged token`);
  }

  const sources = new Map(list.map((c) => [c, tokenSource(c)]));
  const rounds = config.quick ? 3 : 9;
  const slice = config.quick ? 150 : 400;
  // Warm-up: JIT, jwks-rsa's key cache, and a full pass of the pool for every cold path.
  for (const contender of list) await measure(contender, sources.get(contender)!, config.quick ? 150 : 600);

  const rates = new Map<Contender, number[]>(list.map((c) => [c, []]));
  const ratios = new Map<Contender, number[]>(list.map((c) => [c, []]));
  for (let round = 0; round < rounds; round++) {
    const thisRound = new Map<Contender, number>();
    for (const contender of rotated(list, round)) {
      thisRound.set(contender, await measure(contender, sources.get(contender)!, slice));
    }
    const limit = thisRound.get(list[0])!;
    for (const [contender, rate] of thisRound) {
      rates.get(contender)!.push(rate);
      ratios.get(contender)!.push(rate / limit);
    }
  }
  report({
    poolSize: pool.length,
    rounds,
    rows: list.map((c) => ({ id: c.id, tokens: c.tokens, opsPerSec: median(rates.get(c)!), ratio: median(ratios.get(c)!) })),
  });
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
