import { HttpException, Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { groupsOf, scopesOf, unmetRule, type AccessRule } from './access-rules.js';
import { COGNITO_OPTIONS, GROUPS_KEY, IS_PUBLIC_KEY, SCOPES_KEY, SESSION_ACCESS_TOKEN } from '../cognito.constants.js';
import { CognitoOAuthError } from '../errors/oauth.errors.js';
import type { CognitoClaims } from '../jwt/cognito-claims.interface.js';
import { CognitoJwtStrategy } from './cognito-jwt.strategy.js';
import { CognitoJwtError, SessionExpiredError } from '../errors/jwt.errors.js';
import type { ResolvedCognitoOptions } from '../options/resolve-options.js';
import { CognitoSessionService } from '../session/cognito-session.service.js';
import { accessDenied, authenticationFailed } from './auth-challenge.js';

/** What a route asks of the guard, read from its metadata once. */
interface RoutePlan {
  isPublic: boolean;
  groups: AccessRule[];
  scopes: AccessRule[];
}

type CognitoRequest = Request & { user?: CognitoClaims; [SESSION_ACCESS_TOKEN]?: string };

/**
 * `@UseGuards(CognitoGuard)`: verifies the Cognito token (401/503 on failure), puts the claims on
 * `req.user`, then enforces `@Groups()` and `@Scopes()` (403). `@Public()` routes pass untouched.
 *
 * It runs this module's `CognitoJwtStrategy` directly rather than through `passport.authenticate`:
 * the same strategy and checks, without Passport's per-request objects, which measured at about
 * half the cost of a guarded request (see bench/). `AuthGuard('cognito-jwt')` still works.
 */
@Injectable()
export class CognitoGuard implements CanActivate {
  private readonly plans = new WeakMap<Function, { controller: Function; plan: RoutePlan }>();

  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: CognitoJwtStrategy,
    @Inject(COGNITO_OPTIONS) private readonly cognito: ResolvedCognitoOptions,
    @Optional() private readonly session?: CognitoSessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const plan = this.planFor(context.getHandler(), context.getClass());
    if (plan.isPublic) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<CognitoRequest>();
    const res = http.getResponse<Response>();
    if (this.session?.enabled && req.headers.authorization === undefined) {
      const token = await this.sessionToken(req, res);
      if (token !== undefined) req[SESSION_ACCESS_TOKEN] = token;
    }

    let claims: CognitoClaims;
    try {
      claims = await this.strategy.verifyRequest(req);
    } catch (error) {
      throw error instanceof CognitoJwtError ? authenticationFailed(error, res) : error;
    }
    req.user = claims;

    for (const rule of plan.groups) {
      const unmet = unmetRule(groupsOf(claims), rule, 'group');
      if (unmet) throw accessDenied(unmet, res, 'missing_group');
    }
    for (const rule of plan.scopes) {
      const unmet = unmetRule(scopesOf(claims), rule, 'scope');
      if (unmet) throw accessDenied(unmet, res, 'missing_scope');
    }
    return true;
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

  /** Metadata never changes after start-up, so each route's plan is read once. */
  private planFor(handler: Function, controller: Function): RoutePlan {
    const cached = this.plans.get(handler);
    // A handler inherited by several controllers is cached for one of them only.
    if (cached !== undefined && cached.controller === controller) return cached.plan;
    const targets = [handler, controller];
    const rules = (key: string) =>
      targets.map((target) => this.reflector.get<AccessRule | undefined>(key, target)).filter((rule) => rule !== undefined);
    const plan = {
      isPublic: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets) === true,
      groups: rules(GROUPS_KEY),
      scopes: rules(SCOPES_KEY),
    };
    this.plans.set(handler, { controller, plan });
    return plan;
  }
}
