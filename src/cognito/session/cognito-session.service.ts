import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { COGNITO_OPTIONS, COGNITO_STORE } from '../cognito.constants.js';
import { readCookies, type CookieRequest } from '../cookies/cookies.js';
import { SealedCookie } from '../cookies/sealed-cookie.js';
import { RefreshTokenInvalidError } from '../errors/oauth.errors.js';
import { SessionExpiredError, SessionInvalidError, SessionTooLargeError } from '../errors/session.errors.js';
import { StoreUnavailableError } from '../errors/store.errors.js';
import type { CognitoStore } from '../store/cognito-store.interface.js';
import { ServerSessions } from '../store/server-sessions.js';
import { sharedOnce } from '../store/shared-once.js';
import { CognitoHttp } from '../http/cognito-http.js';
import { decomposeJwt } from '../jwt/decompose-jwt.js';
import { CognitoAuthService } from '../oauth/cognito-auth.service.js';
import type { CognitoTokenSet } from '../oauth/cognito-token-client.js';
import type { ResolvedCognitoOptions } from '../options/resolve-options.js';

/** The tokens a session cookie holds. */
export interface SessionTokens {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
}

// Browsers keep about 4096 bytes per cookie, name and attributes included.
const CHUNK_SIZE = 3800;
// Two chunks: the Cookie header stays under 8 KB, the smallest common limit (nginx's default
// large_client_header_buffers), with room for the app's own cookies. More would lock users out with 431s.
const MAX_SESSION_BYTES = 2 * CHUNK_SIZE;
// Chunks read back; more than written, so cookies of a larger limit (or an older version) still clear.
const MAX_CHUNKS = 10;
// Refresh a little before expiry, so the token does not lapse on its way to the handler.
const REFRESH_MARGIN_SECONDS = 30;
// How long a refresh result is reused by requests still carrying the pre-refresh cookie.
const REUSE_REFRESH_MS = 30_000;
const SHARED_RESULT_SECONDS = 60;
// Store keys: the shared refresh of a refresh token (by hash), and which token a rotated one came from.
const REFRESH = 'refresh:';
const REFRESHED_TO = 'refreshed-to:';

/**
 * Session mode: tokens in an encrypted, HttpOnly, SameSite=Lax cookie (split into chunks past
 * 4 KB). A tampered or undecryptable cookie is no session. An expiring access token is refreshed
 * transparently; concurrent requests of one session share one refresh.
 */
@Injectable()
export class CognitoSessionService {
  private readonly logger = new Logger('CognitoSession');
  private readonly cookie: SealedCookie;
  private readonly serverSessions: ServerSessions;

  constructor(
    @Inject(COGNITO_OPTIONS) private readonly options: ResolvedCognitoOptions,
    private readonly auth: CognitoAuthService,
    private readonly http: CognitoHttp,
    @Inject(COGNITO_STORE) private readonly store: CognitoStore,
  ) {
    this.cookie = new SealedCookie(options, 'session', '/');
    this.serverSessions = new ServerSessions(store);
  }

  get enabled(): boolean {
    return this.options.session !== undefined;
  }

  private get name(): string {
    return this.cookie.name(this.options.session?.cookieName ?? 'cognito_session');
  }

  /** Whether the request carries a session cookie at all (not whether it is valid). */
  hasSession(req: CookieRequest): boolean {
    return this.enabled && readCookies(req)[`${this.name}.0`] !== undefined;
  }

  async read(req: CookieRequest): Promise<SessionTokens | undefined> {
    if (!this.enabled) return undefined;
    const cookies = readCookies(req);
    let sealed = '';
    for (let i = 0; i < MAX_CHUNKS && cookies[`${this.name}.${i}`] !== undefined; i++) sealed += cookies[`${this.name}.${i}`];
    const payload = await this.cookie.sealer.open<SealedSession>(sealed);
    if (this.options.session!.server) {
      const stored = typeof payload?.sid === 'string' ? await this.serverSessions.read(payload.sid) : undefined;
      return stored === undefined ? undefined : tokensOf(await this.cookie.sealer.open<SealedSession>(stored));
    }
    return tokensOf(payload);
  }

  /** Writes the session cookie; throws `SessionTooLargeError` (writing nothing) when the tokens cannot fit. */
  async write(req: CookieRequest, res: unknown, tokens: SessionTokens): Promise<void> {
    const { maxAge, persistent, idToken, server } = this.options.session!;
    const attributes = this.cookie.attributes(persistent ? maxAge : undefined);
    if (server) {
      const sid = await this.storeSession(req, tokens, maxAge);
      this.http.setCookie(res, `${this.name}.0`, await this.cookie.sealer.seal({ sid }, maxAge), attributes);
      this.clearChunks(req, res, 1);
      return;
    }
    const sealed = await this.cookie.sealer.seal({ a: tokens.access_token, i: idToken ? tokens.id_token : undefined, r: tokens.refresh_token }, maxAge);
    if (sealed.length > MAX_SESSION_BYTES) {
      throw new SessionTooLargeError(
        `the tokens of this sign-in need a ${sealed.length}-byte session cookie, more than the ${MAX_SESSION_BYTES} bytes that stay under common header limits; use server-side sessions, or fewer or shorter groups`,
      );
    }
    const chunks = sealed.match(new RegExp(`.{1,${CHUNK_SIZE}}`, 'g')) ?? [];
    chunks.forEach((chunk, i) => this.http.setCookie(res, `${this.name}.${i}`, chunk, attributes));
    this.clearChunks(req, res, chunks.length);
  }

  /** Server-side sessions: the ids of `sub`'s live sessions. */
  listSessions(sub: string): Promise<string[]> {
    return this.serverSessions.list(sub);
  }

  /** Server-side sessions: ends every session of `sub` (their cookies no longer open anything); resolves the ids ended. */
  endSessions(sub: string): Promise<string[]> {
    return this.serverSessions.endAll(sub);
  }

  /** Ends the request's server-side session, if it has one (sign-out); the cookie is cleared by `clear()`. */
  async end(req: CookieRequest): Promise<void> {
    if (!this.enabled || !this.options.session!.server) return;
    const sid = await this.sessionIdOf(req);
    const tokens = await this.read(req);
    if (sid !== undefined && tokens !== undefined) await this.serverSessions.end(sid, subjectOf(tokens.access_token));
  }

  /** The tokens in the store, under the request's session id when it still exists, else a new one. */
  private async storeSession(req: CookieRequest, tokens: SessionTokens, maxAge: number): Promise<string> {
    const sealed = await this.cookie.sealer.seal({ a: tokens.access_token, i: tokens.id_token, r: tokens.refresh_token }, maxAge);
    const sub = subjectOf(tokens.access_token);
    const current = await this.sessionIdOf(req);
    if (current !== undefined && (await this.serverSessions.update(current, sub, sealed, maxAge * 1000))) return current;
    return this.serverSessions.create(sub, sealed, maxAge * 1000);
  }

  private async sessionIdOf(req: CookieRequest): Promise<string | undefined> {
    const payload = await this.cookie.sealer.open<SealedSession>(readCookies(req)[`${this.name}.0`]);
    return typeof payload?.sid === 'string' ? payload.sid : undefined;
  }

  clear(req: CookieRequest, res: unknown): void {
    this.clearChunks(req, res, 0);
  }

  /**
   * The session's access token, refreshed first if it is about to expire (and the cookie
   * rewritten). Undefined without a session cookie. Throws `RefreshTokenInvalidError` when the
   * refresh token is dead and `SessionInvalidError` when the cookie does not open, after clearing it.
   */
  async accessToken(req: CookieRequest, res: unknown): Promise<string | undefined> {
    const session = await this.read(req);
    if (session === undefined) {
      if (!this.hasSession(req)) return undefined;
      // A cookie that does not open is no session; it goes, so the browser stops sending it.
      this.clear(req, res);
      throw new SessionInvalidError('session cookie is invalid; sign in again');
    }
    if (!expiresSoon(session.access_token) || session.refresh_token === undefined) return session.access_token;
    const pending = this.refreshed(session);
    try {
      const fresh = await pending;
      await this.write(req, res, fresh);
      return fresh.access_token;
    } catch (error) {
      if (error instanceof SessionTooLargeError) {
        // The refreshed tokens outgrew the cookie (groups were added): the session cannot go on.
        this.clear(req, res);
        throw new SessionExpiredError(error.message);
      }
      if (error instanceof RefreshTokenInvalidError) this.clear(req, res);
      // Cognito unreachable: the current token still works until it really expires.
      else if (!expiresSoon(session.access_token, 0)) return session.access_token;
      throw error;
    }
  }

  /**
   * Drops the shared refresh results obtained with, or carrying, this refresh token: once it is
   * revoked, a copy of the pre-refresh cookie must not pick up the fresh tokens from the reuse window.
   */
  async forget(refreshToken: string): Promise<void> {
    const key = keyOf(refreshToken);
    const from = await this.store.get(`${REFRESHED_TO}${key}`).catch(() => undefined);
    await Promise.all(
      [key, from].filter((k): k is string => k !== undefined).map((k) => this.store.delete(`${REFRESH}${k}:result`).catch(() => false)),
    );
  }

  /**
   * The session's refreshed tokens, obtained once for all of the app's instances: the first to find
   * the token expiring refreshes (holding a short lock in the shared store) and shares the result,
   * sealed with the cookie secret; the others, and requests still carrying the old cookie for a
   * while, reuse it. So refresh-token rotation without a grace period signs nobody out. With the
   * store unreachable, each instance refreshes on its own.
   */
  private async refreshed(session: SessionTokens): Promise<SessionTokens> {
    const key = keyOf(session.refresh_token!);
    const produce = async () => {
      const fresh = await this.refreshSession(session);
      // Rotation: remember which refresh token this result came from, so signing out with the new one forgets it too.
      if (fresh.refresh_token !== undefined && fresh.refresh_token !== session.refresh_token) {
        await this.store.set(`${REFRESHED_TO}${keyOf(fresh.refresh_token)}`, key, REUSE_REFRESH_MS).catch(() => false);
      }
      return this.cookie.sealer.seal({ a: fresh.access_token, i: fresh.id_token, r: fresh.refresh_token }, SHARED_RESULT_SECONDS);
    };
    let sealed: string;
    try {
      sealed = await sharedOnce(this.store, `${REFRESH}${key}`, { lockTtlMs: 15_000, resultTtlMs: REUSE_REFRESH_MS, waitMs: 15_000 }, produce);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      sealed = await produce();
    }
    const opened = tokensOf(await this.cookie.sealer.open<SealedSession>(sealed));
    if (opened === undefined) throw new SessionInvalidError('the shared refresh result does not open (another cookie secret?)');
    return opened;
  }

  private async refreshSession(session: SessionTokens): Promise<SessionTokens> {
    const tokens: CognitoTokenSet = await this.auth.refresh(session.refresh_token!);
    this.logger.debug('session tokens refreshed');
    return { access_token: tokens.access_token, id_token: tokens.id_token ?? session.id_token, refresh_token: tokens.refresh_token };
  }

  private clearChunks(req: CookieRequest, res: unknown, from: number): void {
    const cookies = readCookies(req);
    for (let i = from; i < MAX_CHUNKS; i++) {
      if (cookies[`${this.name}.${i}`] !== undefined) this.http.clearCookie(res, `${this.name}.${i}`, this.cookie.attributes(0));
    }
  }
}

/** A sealed session: the tokens (cookie sessions, and server-side values), or a server-side session's id. */
type SealedSession = {
  a?: unknown;
  i?: unknown;
  r?: unknown;
  sid?: unknown;
};

function tokensOf(payload: SealedSession | undefined): SessionTokens | undefined {
  if (typeof payload?.a !== 'string') return undefined;
  return {
    access_token: payload.a,
    id_token: typeof payload.i === 'string' ? payload.i : undefined,
    refresh_token: typeof payload.r === 'string' ? payload.r : undefined,
  };
}

/** The user of a session's access token (verified when it arrived), for the per-user index of sessions. */
function subjectOf(accessToken: string): string {
  const { sub } = decomposeJwt(accessToken).payload;
  return typeof sub === 'string' ? sub : '';
}

function keyOf(refreshToken: string): string {
  return createHash('sha256').update(refreshToken).digest('base64url');
}

function expiresSoon(accessToken: string, marginSeconds = REFRESH_MARGIN_SECONDS): boolean {
  try {
    // Our own cookie's token, verified when it arrived: only its exp is read here.
    const { exp } = decomposeJwt(accessToken).payload;
    return typeof exp !== 'number' || exp - marginSeconds <= Date.now() / 1000;
  } catch {
    return true;
  }
}
