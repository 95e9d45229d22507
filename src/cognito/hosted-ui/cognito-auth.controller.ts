import { Body, Controller, Get, HttpCode, Inject, Logger, Post, Redirect, Req, Res, UseFilters, type Type } from '@nestjs/common';
import { rawHeadersOf } from '../bearer/auth-request.js';
import { bearerToken } from '../bearer/bearer-token.js';
import { COGNITO_OPTIONS } from '../cognito.constants.js';
import { Public } from '../decorators/public.decorator.js';
import { CognitoExceptionFilter } from '../errors/cognito-exception.filter.js';
import { JwtMalformedError } from '../errors/jwt.errors.js';
import { AccessTokenRejectedError, CrossSiteRequestError, InvalidRequestError, RefreshTokenInvalidError } from '../errors/oauth.errors.js';
import { CognitoHttp } from '../http/cognito-http.js';
import { CognitoJwtVerifier } from '../jwt/cognito-jwt.verifier.js';
import { CognitoAuthService } from '../oauth/cognito-auth.service.js';
import type { HostedUiPage } from '../oauth/cognito-endpoints.js';
import type { CognitoTokenSet } from '../oauth/cognito-token-client.js';
import type { ResolvedCognitoOptions } from '../options/resolve-options.js';
import { CognitoRevocation } from '../revocation/cognito-revocation.service.js';
import { CognitoSessionService } from '../session/cognito-session.service.js';
import { HostedUiSignIn, type PlatformRequest } from './hosted-ui-sign-in.js';
import { fromThisApp, type OriginHeaders } from './same-origin.js';

/** What the routes read of a request, on any HTTP platform. */
interface AuthRequest extends PlatformRequest {
  headers: { cookie?: string | undefined; authorization?: string | undefined } & OriginHeaders;
  rawHeaders?: readonly string[] | undefined;
  raw?: { rawHeaders?: readonly string[] | undefined } | undefined;
}

function tokenResponse(tokens: CognitoTokenSet) {
  const { access_token, id_token, refresh_token, expires_in, token_type } = tokens;
  return { access_token, id_token, refresh_token, expires_in, token_type };
}

function refreshTokenIn(body: unknown): string | undefined {
  const value = (body as { refresh_token?: unknown } | undefined)?.refresh_token;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const controllers = new Map<string, Type>();

/**
 * The hosted-UI routes under `path` (one controller class per path, like AuthGuard's memoized
 * mixins): sign-in, sign-up and forgot-password redirects, the callback, refresh, userinfo and
 * sign-out. All are `@Public()`, so a global `CognitoGuard` leaves them alone. Responses go
 * through `CognitoHttp`, so the routes answer the same on Express and Fastify.
 */
export function cognitoAuthController(path: string): Type {
  const existing = controllers.get(path);
  if (existing) return existing;

  @Controller(path)
  @Public()
  @UseFilters(CognitoExceptionFilter)
  class CognitoAuthController {
    private readonly logger = new Logger('CognitoAuth');

    constructor(
      @Inject(COGNITO_OPTIONS) private readonly options: ResolvedCognitoOptions,
      private readonly auth: CognitoAuthService,
      private readonly session: CognitoSessionService,
      private readonly signInFlow: HostedUiSignIn,
      private readonly http: CognitoHttp,
      private readonly verifier: CognitoJwtVerifier,
      private readonly revocation: CognitoRevocation,
    ) {}

    /** 302 to the hosted UI; `?returnTo=` and Cognito's `identity_provider`, `idp_identifier`, `lang`, `login_hint`, `prompt` pass through. */
    @Get('sign-in')
    @Redirect()
    signIn(@Req() req: AuthRequest, @Res({ passthrough: true }) res: unknown) {
      return this.redirectTo(req, res, 'signIn');
    }

    @Get('sign-up')
    @Redirect()
    signUp(@Req() req: AuthRequest, @Res({ passthrough: true }) res: unknown) {
      return this.redirectTo(req, res, 'signUp');
    }

    @Get('forgot-password')
    @Redirect()
    forgotPassword(@Req() req: AuthRequest, @Res({ passthrough: true }) res: unknown) {
      return this.redirectTo(req, res, 'forgotPassword');
    }

    /** Tokens as JSON; in session mode, the session cookie and a 302 to `returnTo`. */
    @Get('callback')
    async callback(@Req() req: AuthRequest, @Res({ passthrough: true }) res: unknown) {
      const { tokens, returnTo } = await this.signInFlow.complete(req, res);
      if (!this.session.enabled) return this.tokens(res, tokenResponse(tokens));
      await this.session.write(req, res, tokens);
      this.http.redirect(res, returnTo ?? this.options.defaultReturnTo);
      return undefined;
    }

    /** `{ refresh_token }` in the body, or the session cookie. */
    @Post('refresh')
    @HttpCode(200)
    async refresh(@Body() body: unknown, @Req() req: AuthRequest, @Res({ passthrough: true }) res: unknown) {
      const fromBody = refreshTokenIn(body);
      const session = fromBody === undefined ? await this.session.read(req) : undefined;
      const refreshToken = fromBody ?? session?.refresh_token;
      if (refreshToken === undefined) throw new InvalidRequestError('refresh_token is required');
      try {
        const tokens = await this.auth.refresh(refreshToken);
        if (session === undefined) return this.tokens(res, tokenResponse(tokens));
        await this.session.write(req, res, { ...tokens, id_token: tokens.id_token ?? session.id_token });
        // The browser's tokens stay in the HttpOnly cookie; scripts learn only the lifetime.
        return this.tokens(res, { expires_in: tokens.expires_in, token_type: tokens.token_type });
      } catch (error) {
        if (session !== undefined && error instanceof RefreshTokenInvalidError) this.session.clear(req, res);
        throw error;
      }
    }

    /**
     * Cognito's userInfo for the caller's access token (bearer header or session), verified here
     * first exactly as `CognitoGuard` verifies it: a token this app refuses never reaches Cognito.
     */
    @Get('userinfo')
    async userInfo(@Req() req: AuthRequest, @Res({ passthrough: true }) res: unknown) {
      const accessToken = this.bearerToken(req) ?? (await this.session.accessToken(req, res));
      if (accessToken === undefined) throw new AccessTokenRejectedError('no access token');
      await this.verifier.verify(accessToken, 'access');
      return this.auth.userInfo(accessToken);
    }

    /**
     * Signs out when the browser shows the request is this app's own (a link on its pages, a typed
     * URL); from another site it only shows a page whose button posts the sign-out, so a link
     * elsewhere cannot end anyone's session.
     */
    @Get('sign-out')
    signOutGet(@Req() req: AuthRequest, @Res({ passthrough: true }) res: unknown) {
      if (this.session.hasSession(req) && !fromThisApp(req.headers, 'GET', this.appOrigins)) return this.confirmSignOut(req, res);
      return this.signOut(undefined, req, res);
    }

    /**
     * Revokes the refresh token we hold (session, or body) at Cognito and the access tokens (bearer,
     * session) here, clears the session, then 302 to Cognito's /logout.
     */
    @Post('sign-out')
    async signOut(@Body() body: unknown, @Req() req: AuthRequest, @Res({ passthrough: true }) res: unknown) {
      const fromBody = refreshTokenIn(body);
      // A refresh token in the body is the caller's own; acting on the cookie needs a request from this app.
      if (fromBody === undefined && this.session.hasSession(req) && !fromThisApp(req.headers, 'POST', this.appOrigins)) {
        throw new CrossSiteRequestError('sign-out with the session cookie must come from this app');
      }
      const session = fromBody === undefined ? await this.session.read(req) : undefined;
      const refreshToken = fromBody ?? session?.refresh_token;
      // The access tokens this sign-out ends (the caller's bearer token, the session's) are refused
      // from now on, here and on every instance: Cognito's revocation does not reach this API.
      const accessTokens = [this.optionalBearerToken(req), session?.access_token].filter((t): t is string => t !== undefined);
      await Promise.all(accessTokens.map((access_token) => this.revocation.revokeTokens({ access_token })));
      if (refreshToken !== undefined) {
        await this.session.forget(refreshToken);
        // Signing out must not fail because revocation did; the cookie and Cognito's session still go.
        await this.auth.revoke(refreshToken).catch((error: Error) => this.logger.warn(`refresh token revocation failed: ${error.message}`));
      }
      await this.session.end(req);
      this.session.clear(req, res);
      const logoutUrl = this.auth.logoutUrl();
      if (logoutUrl) this.http.redirect(res, logoutUrl);
      else this.http.noContent(res);
    }

    /** The origins this app's pages are served from: the callback's, and those returnTo may go to. */
    private get appOrigins(): string[] {
      const urls = [this.options.redirectUri, ...this.options.allowedReturnTo].filter((url): url is string => url !== undefined);
      return [...new Set(urls.map((url) => new URL(url).origin))];
    }

    /** A page with a button that posts the sign-out: no side effect until the user presses it. */
    private confirmSignOut(req: AuthRequest, res: unknown): string {
      const action = escapeHtml(this.http.requestUrl(req).split('?')[0]!);
      this.http.setHeader(res, 'Content-Type', 'text/html; charset=utf-8');
      this.http.setHeader(res, 'Cache-Control', 'no-store');
      this.http.setHeader(res, 'Content-Security-Policy', "default-src 'none'; form-action 'self'; frame-ancestors 'none'");
      return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign out</title></head><body><form method="post" action="${action}"><p>Do you want to sign out?</p><button type="submit">Sign out</button></form></body></html>`;
    }

    /** RFC 6749 §5.1: responses that carry tokens must not be stored by any cache. */
    private tokens<T>(res: unknown, body: T): T {
      this.http.setHeader(res, 'Cache-Control', 'no-store');
      this.http.setHeader(res, 'Pragma', 'no-cache');
      return body;
    }

    /** The bearer token, if the request has a readable one; sign-out goes on without. */
    private optionalBearerToken(req: AuthRequest): string | undefined {
      try {
        return bearerToken(req.headers.authorization, rawHeadersOf(req));
      } catch {
        return undefined;
      }
    }

    /** userInfo is Cognito's OAuth endpoint, so a bad header is its `invalid_token`, as Cognito would answer. */
    private bearerToken(req: AuthRequest): string | undefined {
      try {
        return bearerToken(req.headers.authorization, rawHeadersOf(req));
      } catch (error) {
        if (error instanceof JwtMalformedError) throw new AccessTokenRejectedError(error.message);
        throw error;
      }
    }

    private async redirectTo(req: AuthRequest, res: unknown, page: HostedUiPage) {
      return { url: await this.signInFlow.start(req, res, page), statusCode: 302 };
    }
  }

  controllers.set(path, CognitoAuthController);
  return CognitoAuthController;
}
