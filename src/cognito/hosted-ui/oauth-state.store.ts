import { Inject, Injectable, type CookieSerializeOptions } from '@nestjs/common';
import { COGNITO_OPTIONS, COGNITO_STORE } from '../cognito.constants.js';
import { readCookies } from '../cookies/cookies.js';
import { SealedCookie } from '../cookies/sealed-cookie.js';
import { StoreUnavailableError } from '../errors/store.errors.js';
import type { ResolvedCognitoOptions } from '../options/resolve-options.js';
import type { CognitoStore } from '../store/cognito-store.interface.js';
import { redeemOnce } from '../store/redeem-once.js';

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
  /** States redeemed while the shared store was unreachable, until their cookie would have expired. */
  private readonly used = new Map<string, number>();

  constructor(
    @Inject(COGNITO_OPTIONS) options: ResolvedCognitoOptions,
    @Inject(COGNITO_STORE) private readonly shared: CognitoStore,
  ) {
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
    this.redeemed(readCookies(req)[name], provided).then(
      (outcome) => {
        if (typeof outcome === 'string') return fail(outcome);
        req.clearCookie(name, this.cookie.attributes(0));
        callback(null, outcome.v, { nonce: outcome.n, returnTo: outcome.r });
      },
      (error: Error) => callback(error, false),
    );
  }

  /** The sealed sign-in of this browser for `provided`, redeemed now; or why not. */
  private async redeemed(cookie: string | undefined, provided: string): Promise<SealedState | string> {
    const sealed = await this.cookie.sealer.open<SealedState & { exp: number }>(cookie);
    if (sealed === undefined) return 'no sign-in in progress in this browser (state cookie missing or expired)';
    if (sealed.s !== provided) return "state does not match this browser's sign-in";
    if (!(await this.redeem(provided, sealed.exp * 1000))) return 'this sign-in was already completed (replayed callback)';
    return sealed;
  }

  /**
   * Whether this is the first callback with `state`, on any instance: the state is redeemed in the
   * shared store until its cookie would have expired. With the store unreachable, this instance's
   * own memory decides.
   */
  private async redeem(state: string, expiresAt: number): Promise<boolean> {
    const ttlMs = Math.max(1, expiresAt - Date.now());
    try {
      return await redeemOnce(this.shared, 'oauth-state', state, ttlMs);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      if (this.used.has(state)) return false;
      this.remember(state, expiresAt);
      return true;
    }
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
