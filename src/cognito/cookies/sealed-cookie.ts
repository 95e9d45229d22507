import type { CookieSerializeOptions } from '@nestjs/common';
import type { ResolvedCognitoOptions } from '../options/resolve-options.js';
import { CookieSealer, type CookiePurpose } from './cookie-sealer.js';
import { isSecureOrigin } from './cookies.js';

/**
 * One kind of encrypted cookie of this module: its sealer (keys of its own purpose), its name and
 * its attributes (HttpOnly, SameSite=Lax, Secure off plain-HTTP localhost), built the same way for
 * the sign-in state and the session. A Secure cookie is named `__Host-...` with `Path=/` and no
 * Domain, so no subdomain or plain-HTTP page can set or overwrite it (RFC 6265bis §4.1.3.2).
 */
export class SealedCookie {
  readonly sealer: CookieSealer;
  private readonly secure: boolean;
  private readonly path: string;

  constructor(options: Pick<ResolvedCognitoOptions, 'cookieSecrets' | 'redirectUri'>, purpose: CookiePurpose, path: string) {
    this.sealer = new CookieSealer(options.cookieSecrets, purpose);
    this.secure = isSecureOrigin(options.redirectUri);
    this.path = this.secure ? '/' : path;
  }

  /** The cookie's name for `base`. */
  name(base: string): string {
    return this.secure ? `__Host-${base}` : base;
  }

  /** Attributes for a cookie living `maxAge` seconds (undefined: until the browser closes); 0 deletes it. */
  attributes(maxAge: number | undefined): CookieSerializeOptions {
    return { httpOnly: true, secure: this.secure, sameSite: 'lax', path: this.path, ...(maxAge === undefined ? {} : { maxAge }) };
  }
}
