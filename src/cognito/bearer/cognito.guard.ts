import { HttpException, Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { COGNITO_OPTIONS, GROUPS_KEY, IS_PUBLIC_KEY, OPTIONAL_AUTH_KEY, SCOPES_KEY } from '../cognito.constants.js';
import { MissingGroupError, MissingScopeError } from '../errors/access.errors.js';
import { CognitoError } from '../errors/cognito.error.js';
import { RefreshTokenInvalidError } from '../errors/oauth.errors.js';
import { SessionExpiredError, SessionInvalidError } from '../errors/session.errors.js';
import { acceptsHtml } from '../http/accepts-html.js';
import { CognitoHttp } from '../http/cognito-http.js';
import type { CognitoClaims } from '../jwt/cognito-claims.interface.js';
import type { ResolvedCognitoOptions } from '../options/resolve-options.js';
import { CognitoSessionService } from '../session/cognito-session.service.js';
import { groupsOf, scopesOf, unmetRule, type AccessRule } from './access-rules.js';
import { authRequestOf, markGuarded, responseOf, type AuthRequest } from './auth-request.js';
import { CognitoJwtStrategy } from './cognito-jwt.strategy.js';
import { failureException } from './failure-exception.js';

const isRequestContext = (context: ExecutionContext) => ['http', 'graphql', 'ws'].includes(context.getType());

/** What a route asks of the guard, read from its metadata once. */
interface RoutePlan {
  isPublic: boolean;
  optional: boolean;
  groups: AccessRule[];
  scopes: AccessRule[];
}

/**
 * `@UseGuards(CognitoGuard)`: verifies the Cognito token (401/503 on failure), puts the claims on
 * the request's `user`, then enforces `@Groups()` and `@Scopes()` (403). `@Public()` routes pass
 * untouched; `@OptionalAuth()` routes pass without a token and get the claims with a valid one.
 * Works on HTTP (Express and Fastify), GraphQL resolvers and WebSocket (socket.io) handlers.
 *
 * It runs this module's `CognitoJwtStrategy` directly rather than through `passport.authenticate`:
 * the same strategy and checks, without Passport's per-request objects, which measured at about
 * half the cost of a guarded request (see bench/). `AuthGuard('cognito-jwt')` works too.
 *
 * Like `AuthGuard`, it can be extended: `getRequest()` says where the credentials are and where the
 * claims go, `getResponse()` where headers are written, `handleFailure()` what a failure becomes.
 */
@Injectable()
export class CognitoGuard implements CanActivate {
  private readonly plans = new WeakMap<Function, { controller: Function; plan: RoutePlan }>();

  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: CognitoJwtStrategy,
    @Inject(COGNITO_OPTIONS) private readonly cognito: ResolvedCognitoOptions,
    private readonly http: CognitoHttp,
    @Optional() private readonly session?: CognitoSessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const plan = this.planFor(context.getHandler(), context.getClass());
    if (plan.isPublic && !plan.optional) {
      // A public handler of any transport passes; where there is a request, @Claims() reads undefined.
      if (isRequestContext(context)) markGuarded(this.getRequest(context));
      return true;
    }
    const req = this.getRequest(context);
    markGuarded(req);
    try {
      // Anonymous callers pass an optional route, unless it asks for groups or scopes they cannot have.
      if (plan.optional && !this.hasCredentials(req) && plan.groups.length === 0 && plan.scopes.length === 0) return true;
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
      throw error instanceof CognitoError ? await this.handleFailure(error, context) : error;
    }
    return true;
  }

  /** Where the credentials are read from and the claims put (`user`); override for other transports. */
  protected getRequest(context: ExecutionContext): AuthRequest {
    return authRequestOf(context);
  }

  /** The HTTP response that failure headers and refreshed session cookies are written to, if any. */
  protected getResponse(context: ExecutionContext): unknown {
    return responseOf(context);
  }

  /** What a failure becomes in this context; by default the `errorResponse()` answer in the transport's own form. */
  protected handleFailure(error: CognitoError, context: ExecutionContext): Error | Promise<Error> {
    const res = this.getResponse(context);
    return failureException(context.getType(), error, res === undefined ? undefined : (name, value) => this.http.setHeader(res, name, value));
  }

  private hasCredentials(req: AuthRequest): boolean {
    if (req.headers.authorization !== undefined) return true;
    return this.session?.enabled === true && this.session.hasSession(req);
  }

  /** The bearer token's claims or, in session mode and without a bearer header, the session's. */
  private authenticate(req: AuthRequest, context: ExecutionContext): Promise<CognitoClaims> {
    if (this.session?.enabled && req.headers.authorization === undefined) {
      return this.sessionToken(req, context).then((token) => this.strategy.verifyToken(token));
    }
    return this.strategy.verifyRequest(req);
  }

  /** Session mode: the cookie's access token, refreshed when due; a dead session is a 401 or a redirect to sign-in. */
  private async sessionToken(req: AuthRequest, context: ExecutionContext): Promise<string | undefined> {
    const res = this.getResponse(context);
    // Without a response to write a refreshed cookie to (WebSockets), the current token is all there is.
    if (res === undefined) return (await this.session!.read(req))?.access_token;
    try {
      return await this.session!.accessToken(req, res);
    } catch (error) {
      if (!(error instanceof RefreshTokenInvalidError || error instanceof SessionInvalidError)) throw error;
      const authPath = this.cognito.authPath;
      if (this.cognito.session?.onExpired === 'redirect' && authPath !== false && context.getType() === 'http' && acceptsHtml(req.headers.accept)) {
        // A browser is sent to sign in again, and back here afterwards.
        const returnTo = encodeURIComponent(this.http.requestUrl(req));
        this.http.setHeader(res, 'Location', this.http.appPath(`${authPath}/sign-in?returnTo=${returnTo}`));
        throw new HttpException('session expired', 302);
      }
      throw error instanceof SessionInvalidError ? error : new SessionExpiredError('session expired; sign in again');
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
      optional: this.reflector.getAllAndOverride<boolean>(OPTIONAL_AUTH_KEY, targets) === true,
      groups: rules(GROUPS_KEY),
      scopes: rules(SCOPES_KEY),
    };
    this.plans.set(handler, { controller, plan });
    return plan;
  }
}
