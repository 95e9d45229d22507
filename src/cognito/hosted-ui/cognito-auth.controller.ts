import { Body, Controller, Get, HttpCode, Inject, Logger, Post, Req, Res, SetMetadata, UseFilters, UseGuards, type Type } from '@nestjs/common';
import type { Request, Response } from 'express';
import { COGNITO_OPTIONS, HOSTED_UI_PAGE_KEY } from '../cognito.constants.js';
import { Public } from '../decorators/public.decorator.js';
import type { ResolvedCognitoOptions } from '../options/resolve-options.js';
import { CognitoSessionService } from '../session/cognito-session.service.js';
import { CognitoAuthService } from '../oauth/cognito-auth.service.js';
import { CognitoOAuthError } from '../errors/oauth.errors.js';
import { CognitoOAuthExceptionFilter } from '../errors/cognito-exception.filter.js';
import { CognitoOAuthGuard, type HostedUiRoute } from './cognito-oauth.guard.js';
import type { CognitoSignInResult } from './cognito-oauth.strategy.js';
import type { CognitoTokenSet } from '../oauth/cognito-token-client.js';

const Page = (route: HostedUiRoute) => SetMetadata(HOSTED_UI_PAGE_KEY, route);

const BEARER = /^Bearer +([\w.-]+)$/i;

function tokenResponse(tokens: CognitoTokenSet) {
  const { access_token, id_token, refresh_token, expires_in, token_type } = tokens;
  return { access_token, id_token, refresh_token, expires_in, token_type };
}

function refreshTokenIn(body: unknown): string | undefined {
  const value = (body as { refresh_token?: unknown } | undefined)?.refresh_token;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

const controllers = new Map<string, Type>();

/**
 * The hosted-UI routes under `path` (one controller class per path, like AuthGuard's memoized
 * mixins): sign-in, sign-up and forgot-password redirects, the callback, refresh, userinfo and
 * sign-out. All are `@Public()`, so a global `CognitoGuard` leaves them alone.
 */
export function cognitoAuthController(path: string): Type {
  const existing = controllers.get(path);
  if (existing) return existing;

  @Controller(path)
  @Public()
  @UseFilters(CognitoOAuthExceptionFilter)
  class CognitoAuthController {
    private readonly logger = new Logger('CognitoAuth');

    constructor(
      @Inject(COGNITO_OPTIONS) private readonly options: ResolvedCognitoOptions,
      private readonly auth: CognitoAuthService,
      private readonly session: CognitoSessionService,
    ) {}

    /** 302 to the hosted UI; `?returnTo=` and Cognito's `identity_provider`, `idp_identifier`, `lang`, `login_hint`, `prompt` pass through. */
    @Get('sign-in')
    @Page('signIn')
    @UseGuards(CognitoOAuthGuard)
    signIn(): void {}

    @Get('sign-up')
    @Page('signUp')
    @UseGuards(CognitoOAuthGuard)
    signUp(): void {}

    @Get('forgot-password')
    @Page('forgotPassword')
    @UseGuards(CognitoOAuthGuard)
    forgotPassword(): void {}

    /** Tokens as JSON; in session mode, the session cookie and a 302 to `returnTo`. */
    @Get('callback')
    @Page('callback')
    @UseGuards(CognitoOAuthGuard)
    async callback(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
      const { tokens, returnTo } = req.user as CognitoSignInResult;
      if (!this.session.enabled) return tokenResponse(tokens);
      await this.session.write(req, res, tokens);
      res.redirect(302, returnTo ?? this.options.defaultReturnTo);
      return undefined;
    }

    /** `{ refresh_token }` in the body, or the session cookie. */
    @Post('refresh')
    @HttpCode(200)
    async refresh(@Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
      const fromBody = refreshTokenIn(body);
      const session = fromBody === undefined ? await this.session.read(req) : undefined;
      const refreshToken = fromBody ?? session?.refresh_token;
      if (refreshToken === undefined) throw new CognitoOAuthError(400, 'invalid_request', 'refresh_token is required');
      try {
        const tokens = await this.auth.refresh(refreshToken);
        if (session === undefined) return tokenResponse(tokens);
        await this.session.write(req, res, { ...tokens, id_token: tokens.id_token ?? session.id_token });
        // The browser's tokens stay in the HttpOnly cookie; scripts learn only the lifetime.
        return { expires_in: tokens.expires_in, token_type: tokens.token_type };
      } catch (error) {
        if (session !== undefined && error instanceof CognitoOAuthError && error.status === 401) this.session.clear(req, res);
        throw error;
      }
    }

    /** Cognito's userInfo for the caller's access token (bearer header or session). */
    @Get('userinfo')
    async userInfo(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
      const bearer = BEARER.exec(req.headers.authorization ?? '')?.[1];
      const accessToken = bearer ?? (await this.session.accessToken(req, res));
      if (accessToken === undefined) throw new CognitoOAuthError(401, 'invalid_token', 'no access token');
      return this.auth.userInfo(accessToken);
    }

    @Get('sign-out')
    signOutGet(@Req() req: Request, @Res() res: Response) {
      return this.signOut(undefined, req, res);
    }

    /** Revokes the refresh token we hold (session, or body), clears the session, then 302 to Cognito's /logout. */
    @Post('sign-out')
    async signOut(@Body() body: unknown, @Req() req: Request, @Res() res: Response) {
      const refreshToken = refreshTokenIn(body) ?? (await this.session.read(req))?.refresh_token;
      if (refreshToken !== undefined) {
        await this.session.forget(refreshToken);
        // Signing out must not fail because revocation did; the cookie and Cognito's session still go.
        await this.auth.revoke(refreshToken).catch((error: Error) => this.logger.warn(`refresh token revocation failed: ${error.message}`));
      }
      this.session.clear(req, res);
      const logoutUrl = this.auth.logoutUrl();
      if (logoutUrl) res.redirect(302, logoutUrl);
      else res.status(204).end();
    }
  }

  controllers.set(path, CognitoAuthController);
  return CognitoAuthController;
}
