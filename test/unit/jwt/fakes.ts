import { generateKeyPairSync, sign, type JsonWebKey, type KeyObject } from 'node:crypto';

/** Test doubles for the JWT core: keys, tokens, a JWKS "network" and a clock, all in memory. */

export interface FakeKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: JsonWebKey & { kid: string; alg?: string; use?: string };
}

// RSA key generation costs tens of ms; tests share a few keys.
const rsaKeys: KeyObject[] = [];
export function rsaKey(kid: string, index = 0): FakeKey {
  while (rsaKeys.length <= index) rsaKeys.push(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
  const privateKey = rsaKeys[index];
  const jwk = privateKey.export({ format: 'jwk' }) as JsonWebKey;
  return { kid, privateKey, publicJwk: { kty: 'RSA', n: jwk.n, e: jwk.e, kid, alg: 'RS256', use: 'sig' } };
}

export function ecKey(kid: string): FakeKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid, privateKey, publicJwk: { ...(publicKey.export({ format: 'jwk' }) as JsonWebKey), kid, alg: 'ES256', use: 'sig' } };
}

export const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Signs `header.payload` as given (segments already encoded, or values to encode) with RS256. */
export function signSegments(header: unknown, payload: unknown, key: FakeKey): string {
  const input = `${typeof header === 'string' ? header : b64(header)}.${typeof payload === 'string' ? payload : b64(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
}

export function signToken(claims: Record<string, unknown>, key: FakeKey, header: Record<string, unknown> = {}): string {
  return signSegments({ alg: 'RS256', kid: key.kid, ...header }, claims, key);
}

/** A clock that moves only when told to. */
export class FakeClock {
  constructor(public now = Date.UTC(2030, 0, 1)) {}
  readonly read = () => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
  get seconds(): number {
    return Math.floor(this.now / 1000);
  }
}

/**
 * JWKS documents by URL, served by a fetcher that counts its calls. `answer` replaces the JWKS
 * of a URL with any value (or an Error to throw); `hold()` keeps fetches pending until released.
 */
export class FakeJwksNetwork {
  readonly keys = new Map<string, FakeKey[]>();
  readonly answers = new Map<string, unknown>();
  readonly fetched: string[] = [];
  private held: Array<() => void> | undefined;

  serve(uri: string, ...keys: FakeKey[]): this {
    this.keys.set(uri, keys);
    return this;
  }

  answer(uri: string, value: unknown): void {
    this.answers.set(uri, value);
  }

  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const resume of held) resume();
  }

  count(uri?: string): number {
    return uri === undefined ? this.fetched.length : this.fetched.filter((u) => u === uri).length;
  }

  /** A `JwksFetcher`. */
  readonly fetcher = async (uri: string): Promise<unknown> => {
    this.fetched.push(uri);
    if (this.held) await new Promise<void>((resume) => this.held!.push(resume));
    if (this.answers.has(uri)) {
      const value = this.answers.get(uri);
      if (value instanceof Error) throw value;
      return structuredClone(value);
    }
    const keys = this.keys.get(uri);
    if (keys === undefined) throw new Error(`HTTP 404 for ${uri}`);
    return { keys: keys.map((key) => ({ ...key.publicJwk })) };
  };
}
