import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import passport from 'passport';
import { Strategy as OAuth2Strategy } from 'passport-oauth2';
import { COGNITO_OAUTH_STRATEGY, COGNITO_OAUTH_STRATEGY_NAME, COGNITO_OPTIONS } from '../cognito.constants.js';
import type { ResolvedCognitoOptions } from '../options/resolve-options.js';
import { CognitoAuthService, type HostedUiPage, type VerifiedSignIn } from '../oauth/cognito-auth.service.js';
import { CognitoOAuthError } from '../errors/oauth.errors.js';
import type { CognitoTokenSet } from '../oauth/cognito-token-client.js';
import { OAuthStateStore, SIGN_IN_STATE, type RequestWithSignInState, type SignInState } from './oauth-state.store.js';

/** Options the OAuth guard passes to `authenticate()` for a sign-in. */
export interface SignInAuthenticateOptions {
  state?: SignInState;
  page?: HostedUiPage;
  extra?: Record<string, string>;
}

export interface CognitoSignInResult extends VerifiedSignIn {
  returnTo?: string;
}

type TokenCallback = (err: unknown, accessToken?: string, refreshToken?: string, results?: CognitoTokenSet) => void;

/**
 * The hosted-UI sign-in: passport-oauth2's authorization code flow against `/oauth2/authorize`
 * and `/oauth2/token`, with PKCE (S256), a cookie-bound single-use `state`, and a `nonce`
 * checked in the id token. The code exchange goes through `CognitoAuthService`, so client
 * authentication is Cognito's (HTTP Basic for confidential clients, `client_id` alone for
 * public ones) and its errors get our statuses.
 */
@Injectable()
export class CognitoOAuthStrategy extends PassportStrategy(OAuth2Strategy, COGNITO_OAUTH_STRATEGY, 6) implements OnModuleDestroy {
  constructor(
    @Inject(COGNITO_OPTIONS) options: ResolvedCognitoOptions,
    private readonly auth: CognitoAuthService,
    store: OAuthStateStore,
    @Inject(COGNITO_OAUTH_STRATEGY_NAME) private readonly instanceName: string,
  ) {
    super({
      authorizationURL: auth.endpoints?.authorize ?? 'http://hosted-ui.invalid/oauth2/authorize',
      tokenURL: auth.endpoints?.token ?? 'http://hosted-ui.invalid/oauth2/token',
      clientID: options.clientIds[0],
      callbackURL: options.redirectUri,
      scope: [...options.scopes],
      pkce: 'S256',
      store,
      passReqToCallback: true,
      skipUserProfile: true,
    } as never);
    const oauth2 = (this as unknown as { _oauth2: { getOAuthAccessToken: unknown } })._oauth2;
    oauth2.getOAuthAccessToken = (code: string, params: { code_verifier?: string }, callback: TokenCallback) => {
      auth.exchangeCode(code, params.code_verifier).then(
        (tokens) => callback(null, tokens.access_token, tokens.refresh_token, tokens),
        (error: unknown) => callback(error),
      );
    };
    passport.use(instanceName, this);
  }

  onModuleDestroy(): void {
    passport.unuse(this.instanceName);
  }

  override authenticate(req: Request, options: SignInAuthenticateOptions = {}): void {
    if (options.page && options.page !== 'signIn') {
      // Same flow, another hosted-UI page: passport-oauth2 only knows the authorize URL, so the redirect is rewritten.
      const redirect = this.redirect.bind(this);
      const page = this.auth.endpoints![options.page];
      this.redirect = (url: string, status?: number) => redirect(page + url.slice(url.indexOf('?')), status);
    }
    super.authenticate(req, options);
  }

  /** Extra authorize parameters: the nonce stored with the state, and the pass-through ones. */
  override authorizationParams(options: SignInAuthenticateOptions): Record<string, string> {
    return { ...options.extra, ...(options.state?.nonce ? { nonce: options.state.nonce } : {}) };
  }

  /** Our errors keep their status; passport-oauth2 would wrap them in InternalOAuthError. */
  _createOAuthError(message: string, err: unknown): Error {
    if (err instanceof CognitoOAuthError) return err;
    return new CognitoOAuthError(502, 'cognito_bad_response', message);
  }

  /** Arity 6 (declared above) makes passport-oauth2 hand over the whole token response. */
  async validate(req: RequestWithSignInState, _accessToken: string, _refreshToken: string, tokens: CognitoTokenSet): Promise<CognitoSignInResult> {
    const state = req[SIGN_IN_STATE];
    const verified = await this.auth.verifySignIn(tokens, state?.nonce);
    return { ...verified, returnTo: state?.returnTo };
  }
}
