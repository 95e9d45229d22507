import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { COGNITO_OPTIONS } from '../cognito.constants.js';
import {
  AuthorizationFailedError,
  CognitoOAuthError,
  HostedUiNotConfiguredError,
  InvalidRequestError,
  InvalidReturnToError,
  InvalidStateError,
  SignInDeniedError,
  SignInFailedError,
} from '../errors/oauth.errors.js';
import { CognitoAuthService, PASS_THROUGH_PARAMS, type VerifiedSignIn } from '../oauth/cognito-auth.service.js';
import type { HostedUiPage } from '../oauth/cognito-endpoints.js';
import type { CognitoTokenSet } from '../oauth/cognito-token-client.js';
import { CognitoHttp } from '../http/cognito-http.js';
import type { ResolvedCognitoOptions } from '../options/resolve-options.js';
import { CognitoOAuthStrategy, type SignInAuthenticateOptions } from './cognito-oauth.strategy.js';
import type { SignInRequest, SignInState, StateFailure } from './oauth-state.store.js';
import { explainAuthorizationError, tamedErrorCode } from './authorization-errors.js';
import { safeReturnTo } from './return-to.js';
import { runStrategy, type StrategyOutcome } from './run-strategy.js';

/** A completed hosted-UI sign-in: the verified tokens, and where the browser goes next. */
export interface CognitoSignInResult extends VerifiedSignIn {
  returnTo?: string;
}

type Query = Record<string, unknown>;

/** What only a callback carries (RFC 6749 §4.1.2). */
const CALLBACK_PARAMETERS = ['code', 'state', 'error', 'error_description', 'error_uri'];

// One non-empty value (a repeated parameter arrives as a list), of a sane length.
const isParameter = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 2048;

/** A request as the HTTP platform gives it: Express and Fastify both have these. */
export interface PlatformRequest {
  query?: unknown;
  body?: unknown;
  headers: { cookie?: string | undefined };
}

/**
 * The two legs of a hosted-UI sign-in, as values: `start()` gives the URL of the hosted-UI page
 * to redirect to, `complete()` the verified sign-in of a callback. Both run `CognitoOAuthStrategy`
 * and turn every way it can end into a result or a `CognitoOAuthError`.
 */
@Injectable()
export class HostedUiSignIn {
  private readonly logger = new Logger('CognitoOAuth');

  constructor(
    @Inject(COGNITO_OPTIONS) private readonly options: ResolvedCognitoOptions,
    private readonly strategy: CognitoOAuthStrategy,
    private readonly auth: CognitoAuthService,
    private readonly http: CognitoHttp,
  ) {}

  /** The hosted-UI URL for a new sign-in on `page`; `?returnTo=` and Cognito's pass-through parameters are taken from the query. */
  async start(req: PlatformRequest, res: unknown, page: HostedUiPage): Promise<string> {
    this.requireHostedUi();
    // A sign-in route is never a callback: passport-oauth2 would read ?code= or ?error= as one.
    const request = this.signInRequest(req, res, CALLBACK_PARAMETERS);
    const outcome = await runStrategy(this.strategy, request, this.startOptions(request.query));
    if (outcome.action !== 'redirect') throw this.failure(outcome);
    // passport-oauth2 builds the authorize URL; other pages take the same parameters.
    return this.auth.pageUrl(page, new URL(outcome.url).searchParams);
  }

  /** The callback: state checked, code exchanged, tokens verified (nonce, at_hash, app client). */
  async complete(req: PlatformRequest, res: unknown): Promise<CognitoSignInResult> {
    this.requireHostedUi();
    const request = this.signInRequest(req, res);
    const { query } = request;
    // Without a usable code or error passport-oauth2 would start a new sign-in instead of failing.
    if (!isParameter(query.error) && !isParameter(query.code)) throw new InvalidRequestError('callback without code or error');
    const outcome = await runStrategy(this.strategy, request, {});
    if (outcome.action !== 'success') throw this.failure(outcome);
    const state = (outcome.info as { state?: SignInState } | undefined)?.state;
    const verified = await this.auth.verifySignIn(outcome.user as CognitoTokenSet, state?.nonce);
    return { ...verified, returnTo: state?.returnTo };
  }

  /** The strategy sees the request's input and writes its cookies through the HTTP adapter. */
  private signInRequest(req: PlatformRequest, res: unknown, without: readonly string[] = []): SignInRequest {
    const given = req.query !== null && typeof req.query === 'object' ? (req.query as Query) : {};
    const query = Object.fromEntries(Object.entries(given).filter(([name]) => !without.includes(name)));
    return {
      query,
      body: req.body,
      headers: req.headers,
      setCookie: (name, value, options) => this.http.setCookie(res, name, value, options),
      clearCookie: (name, options) => this.http.clearCookie(res, name, options),
    };
  }

  private startOptions(query: Query): SignInAuthenticateOptions {
    let returnTo: string | undefined;
    if (query.returnTo !== undefined) {
      returnTo = safeReturnTo(query.returnTo, this.options.allowedReturnTo);
      if (returnTo === undefined) throw new InvalidReturnToError('returnTo must be a path on this site or an allowed URL');
    }
    const extra: Record<string, string> = {};
    for (const name of PASS_THROUGH_PARAMS) {
      const value = query[name];
      if (typeof value === 'string' && value.length > 0 && value.length <= 256) extra[name] = value;
    }
    return { extra, state: { returnTo, nonce: randomBytes(24).toString('base64url') } };
  }

  private failure(outcome: StrategyOutcome): CognitoOAuthError {
    if (outcome.action === 'fail') {
      const failure = (outcome.challenge ?? {}) as Partial<StateFailure>;
      if (failure.code === 'invalid_state') return new InvalidStateError(String(failure.message));
      // passport-oauth2 fails (rather than errs) for ?error=access_denied.
      return new SignInDeniedError(explainAuthorizationError('access_denied'));
    }
    if (outcome.action !== 'error') return new SignInFailedError('sign-in failed');
    const { error } = outcome;
    if (error instanceof CognitoOAuthError) return error;
    if (error instanceof Error && error.name === 'AuthorizationError') {
      // Cognito redirected back with ?error=...; the code comes from the URL, so it is tamed.
      const code = tamedErrorCode((error as Error & { code?: unknown }).code);
      return new AuthorizationFailedError(code, explainAuthorizationError(code));
    }
    this.logger.error(`sign-in failed: ${error instanceof Error ? error.message : String(error)}`);
    return new SignInFailedError('sign-in failed');
  }

  private requireHostedUi(): void {
    // forRootAsync mounts the routes before it knows the options; without a domain there is no hosted UI.
    if (!this.options.domain) throw new HostedUiNotConfiguredError('hosted-UI sign-in is not configured (no "domain")');
  }
}
