import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { EncryptJWT, jwtDecrypt, type JWTPayload } from 'jose';

/** What a sealed cookie is for. Each purpose has keys of its own, so one kind can never be opened as another. */
export type CookiePurpose = 'sign-in-state' | 'session';

interface SealKey {
  kid: string;
  key: Uint8Array;
}

function deriveKey(secret: string | Uint8Array, purpose: CookiePurpose): SealKey {
  // RFC 5869: one secret, independent keys per `info`.
  const key = new Uint8Array(hkdfSync('sha256', secret, 'nest-cognito', `cookie encryption A256GCM ${purpose}`, 32));
  return { kid: createHash('sha256').update(key).digest('base64url').slice(0, 8), key };
}

/**
 * Seals small payloads into encrypted, authenticated cookie values (JWE `dir` + `A256GCM`, via
 * jose). The first secret encrypts; every secret decrypts, so secrets rotate without signing
 * anyone out. A value that was tampered with, expired, sealed for another purpose or with an
 * unknown key opens to `undefined`, never an error.
 */
export class CookieSealer {
  private readonly keys: SealKey[];

  constructor(secrets: readonly string[] | undefined, purpose: CookiePurpose) {
    // Without a configured secret, a per-process key: fine for short-lived sign-in state on one instance.
    this.keys = (secrets?.length ? secrets : [randomBytes(32)]).map((secret) => deriveKey(secret, purpose));
  }

  seal(payload: JWTPayload, maxAgeSeconds: number): Promise<string> {
    const { kid, key } = this.keys[0]!;
    return new EncryptJWT(payload)
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid })
      .setIssuedAt()
      .setExpirationTime(`${Math.floor(maxAgeSeconds)}s`)
      .encrypt(key);
  }

  async open<T extends JWTPayload>(value: string | undefined): Promise<T | undefined> {
    if (!value) return undefined;
    try {
      const { payload } = await jwtDecrypt(
        value,
        (header) => {
          const match = this.keys.find((k) => k.kid === header.kid);
          if (!match) throw new Error('unknown key');
          return match.key;
        },
        { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] },
      );
      return payload as T;
    } catch {
      return undefined;
    }
  }
}
