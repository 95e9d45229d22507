import { createPublicKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the orchestrator (index.ts) and its child processes share: the pool, the issuer and the
 * token shape. Tokens carry Cognito's real issuer URL so that every contender, aws-jwt-verify's
 * CognitoJwtVerifier included, checks exactly what it would check in production; only the JWKS
 * is served locally.
 */
export const POOL_ID = 'eu-west-1_BenchPool1';
export const CLIENT_ID = 'benchclient123';
export const ISSUER = `https://cognito-idp.eu-west-1.amazonaws.com/${POOL_ID}`;
export const JWKS_PATH = `/${POOL_ID}/.well-known/jwks.json`;

/** The key the pool and the HTTP tokens are signed with: RS256 as Cognito issues it. */
export const MAIN_KID = 'bench-rsa-2048';
/**
 * Signs the 1,000,000 tokens of the memory row: a 2,048-bit RSA signature costs ~0.2 ms, too much
 * for a bounded run, and the key's size does not change what a verifier retains per token.
 */
export const MEMORY_KID = 'bench-rsa-1024';

/** Handed to every child process in the BENCH_CONFIG environment variable. */
export interface BenchConfig {
  quick: boolean;
  jwksUri: string;
  /** One token per line: the pool of distinct tokens, then (last line) the repeated token. */
  tokensFile: string;
  memoryTokens: number;
}

export function readConfig(): BenchConfig {
  const raw = process.env.BENCH_CONFIG;
  if (!raw) throw new Error('BENCH_CONFIG is not set: run `npm run bench`, not this file');
  return JSON.parse(raw) as BenchConfig;
}

/** A child process reports one JSON line, tagged so that stray output cannot be mistaken for it. */
export const RESULT_TAG = 'BENCH_RESULT ';
export function report(value: unknown): void {
  process.stdout.write(`${RESULT_TAG}${JSON.stringify(value)}\n`);
}

export interface SigningKey {
  kid: string;
  privateKeyPem: string;
  publicKey: KeyObject;
}

export function newSigningKey(kid: string, modulusLength: number): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength });
  return { kid, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, publicKey };
}

export function publicJwk(key: SigningKey): Record<string, unknown> {
  return { ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, alg: 'RS256', use: 'sig' };
}

/** A Cognito access token's claims (shape as in https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html), unique per call. */
export function accessClaims(nowSeconds: number, jti: string = randomUUID()): Record<string, unknown> {
  return {
    sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    'cognito:groups': ['admin'],
    iss: ISSUER,
    version: 2,
    client_id: CLIENT_ID,
    origin_jti: jti,
    token_use: 'access',
    scope: 'openid email orders/read',
    auth_time: nowSeconds,
    // Long enough to outlive the whole run.
    exp: nowSeconds + 3 * 3600,
    iat: nowSeconds,
    jti,
    username: 'alice',
  };
}

/** RS256 with node:crypto directly: the cheapest way to mint many tokens. */
export function signToken(claims: Record<string, unknown>, kid: string, privateKey: KeyObject | string): string {
  const header = Buffer.from(JSON.stringify({ kid, alg: 'RS256' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signingInput = `${header}.${payload}`;
  return `${signingInput}.${sign('RSA-SHA256', Buffer.from(signingInput), privateKey).toString('base64url')}`;
}

/** The JWKS endpoint on 127.0.0.1, counting its requests. */
export async function serveJwks(keys: SigningKey[]): Promise<{ server: Server; jwksUri: string; requests: () => number }> {
  const body = JSON.stringify({ keys: keys.map(publicJwk) });
  let requests = 0;
  const server = createServer((req, res) => {
    if (req.url === JWKS_PATH) {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, jwksUri: `http://127.0.0.1:${port}${JWKS_PATH}`, requests: () => requests };
}

export function publicKeyFromJwk(jwk: Record<string, unknown>): KeyObject {
  return createPublicKey({ key: jwk as never, format: 'jwk' });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Round r runs the contenders in this order, so that none is always first (or last) after a GC. */
export function rotated<T>(items: readonly T[], round: number): T[] {
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** The cookie secret of the session-mode contender; the orchestrator seals its cookie with it. */
export const SESSION_SECRET = 'bench-session-cookie-secret-0123456789abcdef';
