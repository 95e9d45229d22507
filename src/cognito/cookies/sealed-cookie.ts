import type { CookieSerializeOptions } from '@nestjs/common';
import type { ResolvedCognitoOptions } from '../options/resolve-options.js';
import { CookieSealer, type CookiePurpose } from './cookie-sealer.js';
import { isSecureOrigin } from './cookies.js';

/**
 * One kind of encrypted cookie of this module: its sealer (keys of its own purpose) and its
 * attributes (HttpOnly, SameSite=Lax, Secure off plain-HTTP localhost), built the same way for
 * the sign-in state and the session.
 */
export class SealedCookie {
  readonly sealer: CookieSealer;
  private readonly secure: boolean;

  constructor(
    options: Pick<ResolvedCognitoOptions, 'cookieSecrets' | 'redirectUri'>,
    purpose: CookiePurpose,
    private readonly path: string,
  ) {
    this.sealer = new CookieSealer(options.cookieSecrets, purpose);
    this.secure = isSecureOrigin(options.redirectUri);
  }

  /** Attributes for a cookie living `maxAge` seconds; 0 deletes it. */
  attributes(maxAge: number): CookieSerializeOptions {
    return { httpOnly: true, secure: this.secure, sameSite: 'lax', path: this.path, maxAge };
  }
}
