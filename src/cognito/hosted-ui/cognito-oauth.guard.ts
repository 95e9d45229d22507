import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, NotFoundException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard, type IAuthModuleOptions, type AuthGuardAuthenticateOptions } from '@nestjs/passport';
import type { Request } from 'express';
import { COGNITO_OAUTH_STRATEGY_NAME, COGNITO_OPTIONS, HOSTED_UI_PAGE_KEY } from '../cognito.constants.js';
import type { ResolvedCognitoOptions } from '../options/resolve-options.js';
import { PASS_THROUGH_PARAMS, type HostedUiPage } from '../oauth/cognito-auth.service.js';
import { CognitoOAuthError } from '../errors/oauth.errors.js';
import type { SignInAuthenticateOptions } from './cognito-oauth.strategy.js';
import { safeReturnTo } from './return-to.js';

export type HostedUiRoute = HostedUiPage | 'callback';

/**
 * Runs the OAuth strategy on the sign-in routes (302 to the hosted UI) and on the callback
 * (code exchange). Turns every failure into a `CognitoOAuthError` with a 4xx or 502 status.
 */
@Injectable()
export class CognitoOAuthGuard extends AuthGuard() {
  private readonly logger = new Logger('CognitoOAuth');

  constructor(
    private readonly reflector: Reflector,
    @Inject(COGNITO_OPTIONS) private readonly cognito: ResolvedCognitoOptions,
    @Inject(COGNITO_OAUTH_STRATEGY_NAME) private readonly strategyName: string,
  ) {
    super({ defaultStrategy: strategyName });
  }

  override canActivate(context: ExecutionContext) {
    // forRootAsync mounts the routes before it knows the options; without a domain there is no hosted UI.
    if (!this.cognito.domain) throw new NotFoundException('hosted-UI sign-in is not configured (no "domain")');
    // An app-wide PassportModule.register() may inject its own options over ours; keep our strategy.
    const self = this as unknown as { options: IAuthModuleOptions };
    if (self.options.defaultStrategy !== this.strategyName) self.options = { ...self.options, defaultStrategy: this.strategyName };
    return super.canActivate(context);
  }

  override getAuthenticateOptions(context: ExecutionContext): AuthGuardAuthenticateOptions {
    // passport-oauth2 takes an object `state` (kept by the store); the typings only know strings.
    return this.signInOptions(context) as AuthGuardAuthenticateOptions;
  }

  private signInOptions(context: ExecutionContext): SignInAuthenticateOptions {
    const route = this.reflector.get<HostedUiRoute>(HOSTED_UI_PAGE_KEY, context.getHandler());
    const query = context.switchToHttp().getRequest<Request>().query as Record<string, unknown>;
    if (route === 'callback') {
      // Without these passport-oauth2 would start a new sign-in instead of failing.
      if (typeof query.code !== 'string' && typeof query.error !== 'string') {
        throw new CognitoOAuthError(400, 'invalid_request', 'callback without code or error');
      }
      return {};
    }
    let returnTo: string | undefined;
    if (query.returnTo !== undefined) {
      returnTo = safeReturnTo(query.returnTo, this.cognito.allowedReturnTo);
      if (returnTo === undefined) {
        throw new CognitoOAuthError(400, 'invalid_return_to', 'returnTo must be a path on this site or an allowed URL');
      }
    }
    const extra: Record<string, string> = {};
    for (const name of PASS_THROUGH_PARAMS) {
      const value = query[name];
      if (typeof value === 'string' && value.length > 0 && value.length <= 256) extra[name] = value;
    }
    return { page: route, extra, state: { returnTo, nonce: randomBytes(24).toString('base64url') } };
  }

  override handleRequest<T>(err: unknown, user: unknown, info: unknown): T {
    if (err instanceof CognitoOAuthError) throw err;
    if (err instanceof Error && err.name === 'AuthorizationError') {
      // Cognito redirected back with ?error=...; the values come from the URL, so they are tamed.
      const code = (err as Error & { code?: unknown }).code;
      throw new CognitoOAuthError(400, typeof code === 'string' && /^[a-z_]{1,64}$/.test(code) ? code : 'authorization_failed', clip(err.message) || 'sign-in failed at Cognito');
    }
    if (err) {
      this.logger.error(`sign-in failed: ${err instanceof Error ? err.message : String(err)}`);
      throw new CognitoOAuthError(502, 'sign_in_failed', 'sign-in failed');
    }
    if (!user) {
      const failure = (info ?? {}) as { message?: unknown; code?: unknown };
      if (failure.code === 'invalid_state') throw new CognitoOAuthError(400, 'invalid_state', String(failure.message));
      throw new CognitoOAuthError(401, 'access_denied', clip(failure.message) || 'the user or Cognito denied the sign-in');
    }
    return user as T;
  }
}

function clip(text: unknown): string {
  return typeof text === 'string' ? text.replace(/[^\x20-\x7e]/g, '').slice(0, 200) : '';
}
