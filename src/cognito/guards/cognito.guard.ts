import { HttpException, Inject, Injectable, Optional, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Reflector } from '@nestjs/core';
import { AuthGuard, type IAuthModuleOptions } from '@nestjs/passport';
import { groupsOf, scopesOf, unmetRule, type AccessRule } from '../authorization/access-rules.js';
import { COGNITO_JWT_STRATEGY_NAME, COGNITO_OPTIONS, GROUPS_KEY, IS_PUBLIC_KEY, SCOPES_KEY, SESSION_ACCESS_TOKEN } from '../cognito.constants.js';
import { CognitoOAuthError } from '../hosted-ui/cognito-oauth.errors.js';
import type { ResolvedCognitoOptions } from '../options/resolve-options.js';
import { CognitoSessionService } from '../session/cognito-session.service.js';
import type { CognitoClaims } from '../interfaces/cognito-claims.interface.js';
import { CognitoJwtError, MissingTokenError, SessionExpiredError } from '../jwt/jwt.errors.js';
import { accessDenied, authenticationFailed } from './auth-challenge.js';

/**
 * `@UseGuards(CognitoGuard)`: verifies the Cognito token (401/503 on failure), puts the claims on
 * `req.user`, then enforces `@Groups()` and `@Scopes()` (403). `@Public()` routes pass untouched.
 */
@Injectable()
export class CognitoGuard extends AuthGuard() {
  constructor(
    private readonly reflector: Reflector,
    @Inject(COGNITO_JWT_STRATEGY_NAME) private readonly strategyName: string,
    @Inject(COGNITO_OPTIONS) private readonly cognito: ResolvedCognitoOptions,
    @Optional() private readonly session?: CognitoSessionService,
  ) {
    super({ defaultStrategy: strategyName });
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets: [Function, Function] = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    // An app-wide PassportModule.register() may inject its own options over ours; keep our strategy.
    const self = this as unknown as { options: IAuthModuleOptions };
    if (self.options.defaultStrategy !== this.strategyName) self.options = { ...self.options, defaultStrategy: this.strategyName };
    const req = context.switchToHttp().getRequest<Request & { [SESSION_ACCESS_TOKEN]?: string }>();
    if (this.session?.enabled && req.headers.authorization === undefined) {
      const token = await this.sessionToken(req, context.switchToHttp().getResponse<Response>());
      if (token !== undefined) req[SESSION_ACCESS_TOKEN] = token;
    }
    await super.canActivate(context);

    const claims = this.getRequest(context).user as CognitoClaims;
    const response = context.switchToHttp().getResponse();
    for (const rule of this.rules(GROUPS_KEY, targets)) {
      const unmet = unmetRule(groupsOf(claims), rule, 'group');
      if (unmet) throw accessDenied(unmet, response, 'missing_group');
    }
    for (const rule of this.rules(SCOPES_KEY, targets)) {
      const unmet = unmetRule(scopesOf(claims), rule, 'scope');
      if (unmet) throw accessDenied(unmet, response, 'missing_scope');
    }
    return true;
  }

  override handleRequest<TUser = CognitoClaims>(err: unknown, user: unknown, info: unknown, context: ExecutionContext): TUser {
    if (err) throw err;
    if (!user) {
      const failure = info instanceof CognitoJwtError ? info : new MissingTokenError('no bearer token');
      throw authenticationFailed(failure, context.switchToHttp().getResponse());
    }
    return user as TUser;
  }

  /** Session mode: the cookie's access token, refreshed when due; a dead session is a 401 or a redirect to sign-in. */
  private async sessionToken(req: Request, res: Response): Promise<string | undefined> {
    try {
      return await this.session!.accessToken(req, res);
    } catch (error) {
      if (!(error instanceof CognitoOAuthError)) throw error;
      if (error.status !== 401) throw new HttpException(error.toJSON(), error.status);
      const authPath = this.cognito.authPath;
      if (this.cognito.session?.onExpired === 'redirect' && authPath !== false && req.accepts(['json', 'html']) === 'html') {
        res.setHeader('Location', `${authPath}/sign-in?returnTo=${encodeURIComponent(req.originalUrl)}`);
        throw new HttpException('session expired', 302);
      }
      throw authenticationFailed(new SessionExpiredError('session expired; sign in again'), res);
    }
  }

  private rules(key: string, targets: [Function, Function]): AccessRule[] {
    return targets.map((target) => this.reflector.get<AccessRule | undefined>(key, target)).filter((rule) => rule !== undefined);
  }
}
