import { Inject, Injectable, type CookieSerializeOptions } from '@nestjs/common';
import { COGNITO_OPTIONS } from '../cognito.constants.js';
import { readCookies } from '../cookies/cookies.js';
import { SealedCookie } from '../cookies/sealed-cookie.js';
import type { ResolvedCognitoOptions } from '../options/resolve-options.js';

/**
 * What the sign-in strategy and this store see of a request, whatever the HTTP platform: its
 * input, and where its cookies go.
 */
export interface SignInRequest {
  query: Record<string, unknown>;
  body?: unknown;
  headers: { cookie?: string | undefined };
  setCookie(name: string, value: string, options: CookieSerializeOptions): void;
  clearCookie(name: string, options: CookieSerializeOptions): void;
}

/** What a sign-in remembers between the redirect to the hosted UI and the callback. */
export interface SignInState {
  returnTo?: string;
  nonce: string;
}

/** Why the store refused a callback's `state`; passport-oauth2 hands it to `fail()`. */
export interface StateFailure {
  code: 'invalid_state';
  message: string;
}

type SealedState = {
  s: string;
  v: string;
  n: string;
  r?: string;
};

type StoreCallback = (err: Error | null, state?: string) => void;
type VerifyCallback = (err: Error | null, ok: string | false, state?: SignInState | StateFailure) => void;

const MAX_AGE_SECONDS = 600;
const COOKIE_PREFIX = 'cognito_state_';

/**
 * passport-oauth2's state store, without server sessions: `state`, the PKCE verifier and the
 * nonce travel in an encrypted HttpOnly cookie bound to this browser, one per sign-in (so
 * two tabs can sign in at once), valid 10 minutes and usable once. What `verify()` hands back
 * reaches the strategy's `success()` as `info.state`.
 */
@Injectable()
export class OAuthStateStore {
  private readonly cookie: SealedCookie;
  /** States already redeemed, until their cookie would have expired: a replayed callback fails here. */
  private readonly used = new Map<string, number>();

  constructor(@Inject(COGNITO_OPTIONS) options: ResolvedCognitoOptions) {
    this.cookie = new SealedCookie(options, 'sign-in-state', options.redirectUri ? new URL(options.redirectUri).pathname : '/');
  }

  store(req: SignInRequest, verifier: string, state: SignInState, _meta: unknown, callback: StoreCallback): void {
    const value = randomState();
    const sealed: SealedState = { s: value, v: verifier, n: state.nonce, r: state.returnTo };
    this.cookie.sealer.seal({ ...sealed }, MAX_AGE_SECONDS).then((cookie) => {
      req.setCookie(this.cookie.name(COOKIE_PREFIX + value.slice(0, 16)), cookie, this.cookie.attributes(MAX_AGE_SECONDS));
      callback(null, value);
    }, callback);
  }

  verify(req: SignInRequest, provided: unknown, _meta: unknown, callback: VerifyCallback): void {
    const fail = (message: string) => callback(null, false, { message, code: 'invalid_state' });
    if (typeof provided !== 'string' || !/^[\w-]{16,128}$/.test(provided)) return fail('missing or malformed state parameter');
    const name = this.cookie.name(COOKIE_PREFIX + provided.slice(0, 16));
    this.cookie.sealer.open<SealedState & { exp: number }>(readCookies(req)[name]).then(
      (sealed) => {
        if (sealed === undefined) return fail('no sign-in in progress in this browser (state cookie missing or expired)');
        if (sealed.s !== provided) return fail("state does not match this browser's sign-in");
        if (this.used.has(provided)) return fail('this sign-in was already completed (replayed callback)');
        this.remember(provided, sealed.exp * 1000);
        req.clearCookie(name, this.cookie.attributes(0));
        callback(null, sealed.v, { nonce: sealed.n, returnTo: sealed.r });
      },
      (error: Error) => callback(error, false),
    );
  }

  private remember(state: string, expiresAt: number): void {
    const now = Date.now();
    for (const [key, until] of this.used) {
      if (until > now && this.used.size < 100_000) break;
      this.used.delete(key);
    }
    this.used.set(state, expiresAt);
  }
}

function randomState(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
}
