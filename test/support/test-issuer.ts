import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constants, KeyObject, randomUUID, sign as signBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from 'jose';

/**
 * A test-only token issuer: real RS256 keys, a JWKS served over HTTP on 127.0.0.1, and
 * Cognito-shaped access and id tokens (claims as AWS documents them: amazon-cognito-user-pools-using-the-id-token.html and -access-token.html).
 * Unlike the local identity provider it can also mint broken tokens, for the negative suites.
 */
export interface TestKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export const POOL_ID = 'eu-west-1_TestPool1';
export const CLIENT_ID = 'testclient123';
export const OTHER_CLIENT_ID = 'otherclient456';

export class TestIssuer {
  /** Keys served in the JWKS; tests may add and remove. */
  readonly keys: TestKey[] = [];
  /** When set, the JWKS endpoint answers this status instead (outage simulation). */
  jwksStatus = 200;
  /** When set, the JWKS endpoint answers 200 with this body instead of the keys (a broken JWKS). */
  jwksBody: string | undefined;
  jwksRequests = 0;
  private server!: Server;
  url = '';

  get issuer(): string {
    return `${this.url}/${POOL_ID}`;
  }

  get jwksUri(): string {
    return `${this.issuer}/.well-known/jwks.json`;
  }

  static async start(): Promise<TestIssuer> {
    const issuer = new TestIssuer();
    issuer.keys.push(await TestIssuer.newKey('access-key'), await TestIssuer.newKey('id-key'));
    issuer.server = createServer((req, res) => {
      if (req.url === `/${POOL_ID}/.well-known/jwks.json`) {
        issuer.jwksRequests++;
        if (issuer.jwksStatus !== 200) {
          res.writeHead(issuer.jwksStatus).end('unavailable');
          return;
        }
        if (issuer.jwksBody !== undefined) {
          res.writeHead(200, { 'content-type': issuer.jwksBody.startsWith('<') ? 'text/html' : 'application/json' }).end(issuer.jwksBody);
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys: issuer.keys.map((k) => k.publicJwk) }));
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => issuer.server.listen(0, '127.0.0.1', resolve));
    issuer.url = `http://127.0.0.1:${(issuer.server.address() as AddressInfo).port}`;
    return issuer;
  }

  static async newKey(kid: string = randomUUID(), alg: 'RS256' | 'ES256' = 'RS256'): Promise<TestKey> {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
    return { kid, privateKey, publicJwk };
  }

  /** base64url of `JSON.stringify(value)`: a header or payload segment. */
  static encodeJson(value: unknown): string {
    return Buffer.from(JSON.stringify(value)).toString('base64url');
  }

  /** base64url of raw text, for segments that are not JSON. */
  static encodeText(text: string): string {
    return Buffer.from(text).toString('base64url');
  }

  /**
   * Signs `header.payload` as given (already encoded) and appends the signature: for tokens jose
   * refuses to build (non-JSON segments, odd headers, an algorithm the key was not made for).
   */
  signSegments(header: string, payload: string, options: { key?: TestKey; alg?: 'RS256' | 'RS384' | 'PS256' | 'ES256' } = {}): string {
    const key = KeyObject.from((options.key ?? this.keys[0]).privateKey);
    const input = Buffer.from(`${header}.${payload}`);
    const alg = options.alg ?? 'RS256';
    const signature =
      alg === 'PS256'
        ? signBytes('sha256', input, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
        : alg === 'ES256'
          ? signBytes('sha256', input, { key, dsaEncoding: 'ieee-p1363' })
          : signBytes(alg === 'RS384' ? 'sha384' : 'sha256', input, key);
    return `${header}.${payload}.${signature.toString('base64url')}`;
  }

  /** Module options pointing at this issuer. */
  moduleOptions(extra: Record<string, unknown> = {}) {
    return { userPoolId: POOL_ID, clientId: CLIENT_ID, issuer: this.issuer, jwksUri: this.jwksUri, ...extra };
  }

  accessClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    return {
      sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      'cognito:groups': ['admin'],
      iss: this.issuer,
      version: 2,
      client_id: CLIENT_ID,
      origin_jti: randomUUID(),
      token_use: 'access',
      scope: 'openid email orders/read',
      auth_time: now,
      exp: now + 3600,
      iat: now,
      jti: randomUUID(),
      username: 'alice',
      ...overrides,
    };
  }

  idClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    return {
      sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      'cognito:groups': ['admin'],
      email_verified: true,
      iss: this.issuer,
      'cognito:username': 'alice',
      origin_jti: randomUUID(),
      aud: CLIENT_ID,
      token_use: 'id',
      auth_time: now,
      exp: now + 3600,
      iat: now,
      jti: randomUUID(),
      email: 'alice@example.com',
      'custom:tenant': 'acme',
      ...overrides,
    };
  }

  /** Signs claims as RS256 with the access key (or the key/header given); `undefined` claim values are dropped. */
  async sign(claims: Record<string, unknown>, options: { key?: TestKey; header?: Record<string, unknown> } = {}): Promise<string> {
    const key = options.key ?? this.keys[0];
    const payload = Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
    return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: key.kid, ...options.header } as never).sign(key.privateKey);
  }

  accessToken(overrides: Record<string, unknown> = {}): Promise<string> {
    return this.sign(this.accessClaims(overrides), { key: this.keys[0] });
  }

  idToken(overrides: Record<string, unknown> = {}): Promise<string> {
    return this.sign(this.idClaims(overrides), { key: this.keys[1] });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
