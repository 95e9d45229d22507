import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy as OAuth2Strategy } from 'passport-oauth2';
import { COGNITO_OAUTH_STRATEGY, COGNITO_OPTIONS } from '../cognito.constants.js';
import { CognitoBadResponseError, CognitoOAuthError } from '../errors/oauth.errors.js';
import { CognitoAuthService } from '../oauth/cognito-auth.service.js';
import type { CognitoTokenSet } from '../oauth/cognito-token-client.js';
import type { ResolvedCognitoOptions } from '../options/resolve-options.js';
import { OAuthStateStore, type SignInState } from './oauth-state.store.js';

/** Options the sign-in flow passes to `authenticate()` when it starts a sign-in. */
export interface SignInAuthenticateOptions {
  state?: SignInState;
  extra?: Record<string, string>;
}

type TokenCallback = (err: unknown, accessToken?: string, refreshToken?: string, results?: CognitoTokenSet) => void;

/**
 * The hosted-UI sign-in: passport-oauth2's authorization code flow against `/oauth2/authorize`
 * and `/oauth2/token`, with PKCE (S256), a cookie-bound single-use `state`, and a `nonce`.
 * Every adaptation of passport-oauth2 is in this file: the code exchange goes through
 * `CognitoAuthService` (so client authentication is Cognito's: HTTP Basic for confidential
 * clients, `client_id` alone for public ones) and its errors keep their meaning.
 * `HostedUiSignIn` runs it and checks the tokens it yields.
 */
@Injectable()
export class CognitoOAuthStrategy extends PassportStrategy(OAuth2Strategy, COGNITO_OAUTH_STRATEGY, 5) {
  constructor(@Inject(COGNITO_OPTIONS) options: ResolvedCognitoOptions, auth: CognitoAuthService, store: OAuthStateStore) {
    super({
      authorizationURL: auth.endpoints?.authorize ?? 'http://hosted-ui.invalid/oauth2/authorize',
      tokenURL: auth.endpoints?.token ?? 'http://hosted-ui.invalid/oauth2/token',
      clientID: options.clientIds[0],
      callbackURL: options.redirectUri,
      scope: [...options.scopes],
      pkce: 'S256',
      store,
      skipUserProfile: true,
    } as never);
    // passport-oauth2 would post the code itself, with client authentication Cognito does not take from public clients.
    const oauth2 = (this as unknown as { _oauth2: { getOAuthAccessToken: unknown } })._oauth2;
    oauth2.getOAuthAccessToken = (code: string, params: { code_verifier?: string }, callback: TokenCallback) => {
      auth.exchangeCode(code, params.code_verifier).then(
        (tokens) => callback(null, tokens.access_token, tokens.refresh_token, tokens),
        (error: unknown) => callback(error),
      );
    };
  }

  /** Extra authorize parameters: the nonce stored with the state, and the pass-through ones. */
  override authorizationParams(options: SignInAuthenticateOptions): Record<string, string> {
    return { ...options.extra, ...(options.state?.nonce ? { nonce: options.state.nonce } : {}) };
  }

  /** Our errors keep their meaning; passport-oauth2 would wrap them in InternalOAuthError. */
  _createOAuthError(message: string, err: unknown): Error {
    if (err instanceof CognitoOAuthError) return err;
    return new CognitoBadResponseError(message);
  }

  /** Arity 5 (declared above) makes passport-oauth2 hand over the whole token response, which is the result. */
  validate(_accessToken: string, _refreshToken: string, tokens: CognitoTokenSet): CognitoTokenSet {
    return tokens;
  }
}
