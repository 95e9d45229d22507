import { HttpException, Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { COGNITO_OPTIONS, GROUPS_KEY, IS_PUBLIC_KEY, SCOPES_KEY } from '../cognito.constants.js';
import { MissingGroupError, MissingScopeError } from '../errors/access.errors.js';
import { CognitoError } from '../errors/cognito.error.js';
import { errorResponse } from '../errors/error-response.js';
import { RefreshTokenInvalidError } from '../errors/oauth.errors.js';
import { SessionExpiredError } from '../errors/session.errors.js';
import type { CognitoClaims } from '../jwt/cognito-claims.interface.js';
import type { ResolvedCognitoOptions } from '../options/resolve-options.js';
import { CognitoSessionService } from '../session/cognito-session.service.js';
import { groupsOf, scopesOf, unmetRule, type AccessRule } from './access-rules.js';
import { CognitoJwtStrategy } from './cognito-jwt.strategy.js';

/** What a route asks of the guard, read from its metadata once. */
interface RoutePlan {
  isPublic: boolean;
  groups: AccessRule[];
  scopes: AccessRule[];
}

type CognitoRequest = Request & { user?: CognitoClaims };

/**
 * `@UseGuards(CognitoGuard)`: verifies the Cognito token (401/503 on failure), puts the claims on
 * `req.user`, then enforces `@Groups()` and `@Scopes()` (403). `@Public()` routes pass untouched.
 *
 * It runs this module's `CognitoJwtStrategy` directly rather than through `passport.authenticate`:
 * the same strategy and checks, without Passport's per-request objects, which measured at about
 * half the cost of a guarded request (see bench/). `AuthGuard('cognito-jwt')` works too.
 *
 * Like `AuthGuard`, it can be extended: `getRequest()` says where the request is,
 * `handleFailure()` what a failure becomes.
 */
@Injectable()
export class CognitoGuard implements CanActivate {
  private readonly plans = new WeakMap<Function, { controller: Function; plan: RoutePlan }>();

  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: CognitoJwtStrategy,
    @Inject(COGNITO_OPTIONS) private readonly cognito: ResolvedCognitoOptions,
    private readonly adapterHost: HttpAdapterHost,
    @Optional() private readonly session?: CognitoSessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const plan = this.planFor(context.getHandler(), context.getClass());
    if (plan.isPublic) return true;
    const req = this.getRequest(context);
    try {
      const claims = await this.authenticate(req, context);
      req.user = claims;
      for (const rule of plan.groups) {
        const unmet = unmetRule(groupsOf(claims), rule, 'group');
        if (unmet) throw new MissingGroupError(unmet);
      }
      for (const rule of plan.scopes) {
        const unmet = unmetRule(scopesOf(claims), rule, 'scope');
        if (unmet) throw new MissingScopeError(unmet);
      }
    } catch (error) {
      throw error instanceof CognitoError ? this.handleFailure(error, context) : error;
    }
    return true;
  }

  /** The request the token is read from. */
  protected getRequest(context: ExecutionContext): CognitoRequest {
    return context.switchToHttp().getRequest<CognitoRequest>();
  }

  /** The response failure headers are written to. */
  protected getResponse(context: ExecutionContext): unknown {
    return context.switchToHttp().getResponse<unknown>();
  }

  /** What a failure becomes: by default the HTTP answer of `errorResponse()`, as an `HttpException`. */
  protected handleFailure(error: CognitoError, context: ExecutionContext): Error {
    const { status, body, headers } = errorResponse(error);
    const res = this.getResponse(context);
    for (const [name, value] of Object.entries(headers)) this.adapterHost.httpAdapter.setHeader(res, name, value);
    return new HttpException(body, status);
  }

  /** The bearer token's claims or, in session mode and without a bearer header, the session's. */
  private async authenticate(req: CognitoRequest, context: ExecutionContext): Promise<CognitoClaims> {
    if (this.session?.enabled && req.headers.authorization === undefined) {
      return this.strategy.verifyToken(await this.sessionToken(req, context));
    }
    return this.strategy.verifyRequest(req);
  }

  /** Session mode: the cookie's access token, refreshed when due; a dead session is a 401 or a redirect to sign-in. */
  private async sessionToken(req: CognitoRequest, context: ExecutionContext): Promise<string | undefined> {
    const res = this.getResponse(context) as Response;
    try {
      return await this.session!.accessToken(req, res);
    } catch (error) {
      if (!(error instanceof RefreshTokenInvalidError)) throw error;
      const authPath = this.cognito.authPath;
      if (this.cognito.session?.onExpired === 'redirect' && authPath !== false && req.accepts(['json', 'html']) === 'html') {
        // A browser is sent to sign in again, and back here afterwards.
        this.adapterHost.httpAdapter.setHeader(res, 'Location', `${authPath}/sign-in?returnTo=${encodeURIComponent(req.originalUrl)}`);
        throw new HttpException('session expired', 302);
      }
      throw new SessionExpiredError('session expired; sign in again');
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
