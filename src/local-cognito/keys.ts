import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, type JWK } from 'jose';

const generateRsa = promisify(generateKeyPair);

export type KeyPurpose = 'id' | 'access';

export interface SigningKey {
  kid: string;
  purpose: KeyPurpose;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: JWK;
}

interface KeysFile {
  version: 1;
  keys: { purpose: KeyPurpose; current: boolean; privateJwk: JWK }[];
}

/**
 * Cognito signs ID and access tokens with two different RSA keys; relying parties must
 * pick the key by `kid`, and this keeps them honest.
 */
export class KeyRing {
  private constructor(
    private current: Record<KeyPurpose, SigningKey>,
    private retired: SigningKey[],
    private readonly file?: string,
  ) {}

  /** Loads the keys file when it exists, else generates keys (and saves them when a file is given). */
  static async open(file?: string): Promise<KeyRing> {
    if (file) {
      const loaded = await loadKeys(file);
      if (loaded) return loaded;
    }
    const ring = new KeyRing({ id: await newKey('id'), access: await newKey('access') }, [], file);
    await ring.save();
    return ring;
  }

  signingKey(purpose: KeyPurpose): SigningKey {
    return this.current[purpose];
  }

  /** Any key, current or kept after a rotation, that may have signed a token of this purpose. */
  findKey(kid: string, purpose: KeyPurpose): SigningKey | undefined {
    return [this.current[purpose], ...this.retired].find((key) => key.kid === kid && key.purpose === purpose);
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.current.id, this.current.access, ...this.retired].map((key) => key.publicJwk) };
  }

  async rotate(keepOld = false): Promise<void> {
    const previous = [this.current.id, this.current.access];
    this.current = { id: await newKey('id'), access: await newKey('access') };
    this.retired = keepOld ? [...previous, ...this.retired] : [];
    await this.save();
  }

  private async save(): Promise<void> {
    if (!this.file) return;
    const content: KeysFile = {
      version: 1,
      keys: [
        ...[this.current.id, this.current.access].map((key) => ({ purpose: key.purpose, current: true, privateJwk: exportPrivate(key) })),
        ...this.retired.map((key) => ({ purpose: key.purpose, current: false, privateJwk: exportPrivate(key) })),
      ],
    };
    await mkdir(dirname(this.file), { recursive: true });
    // Private keys: readable by the owner only.
    await writeFile(this.file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  }

  static async fromFileContent(content: KeysFile, file: string): Promise<KeyRing> {
    const keys = await Promise.all(content.keys.map(async (entry) => ({ entry, key: await toSigningKey(createPrivateKey({ key: entry.privateJwk, format: 'jwk' }), entry.purpose) })));
    const id = keys.find((k) => k.entry.current && k.entry.purpose === 'id')?.key;
    const access = keys.find((k) => k.entry.current && k.entry.purpose === 'access')?.key;
    if (!id || !access) throw new Error(`keys file ${file}: needs one current "id" and one current "access" key`);
    return new KeyRing({ id, access }, keys.filter((k) => !k.entry.current).map((k) => k.key), file);
  }
}

async function loadKeys(file: string): Promise<KeyRing | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let content: KeysFile;
  try {
    content = JSON.parse(text) as KeysFile;
    if (content.version !== 1 || !Array.isArray(content.keys)) throw new Error('unexpected shape');
    return await KeyRing.fromFileContent(content, file);
  } catch (error) {
    throw new Error(`keys file ${file} is unreadable (${(error as Error).message}); delete it to generate new keys`);
  }
}

async function newKey(purpose: KeyPurpose): Promise<SigningKey> {
  const { privateKey } = await generateRsa('rsa', { modulusLength: 2048 });
  return toSigningKey(privateKey, purpose);
}

async function toSigningKey(privateKey: KeyObject, purpose: KeyPurpose): Promise<SigningKey> {
  const publicKey = createPublicKey(privateKey);
  const { kty, n, e } = publicKey.export({ format: 'jwk' });
  const bare: JWK = { kty, n, e };
  // Thumbprint kids are stable across restarts and cannot collide between the two keys.
  const kid = await calculateJwkThumbprint(bare);
  return { kid, purpose, privateKey, publicKey, publicJwk: { alg: 'RS256', e, kid, kty, n, use: 'sig' } };
}

function exportPrivate(key: SigningKey): JWK {
  return key.privateKey.export({ format: 'jwk' }) as JWK;
}
