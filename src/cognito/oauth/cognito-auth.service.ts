import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { COGNITO_OPTIONS } from '../cognito.constants.js';
import { CognitoJwtError, JwksUnavailableError } from '../errors/jwt.errors.js';
import { CognitoUnavailableError, HostedUiNotConfiguredError, InvalidRequestError, RefreshTokenInvalidError, SignInRejectedError, TokenRequestRejectedError } from '../errors/oauth.errors.js';
import { CognitoJwtVerifier } from '../jwt/cognito-jwt.verifier.js';
import { CognitoRevocation } from '../revocation/cognito-revocation.service.js';
import type { CognitoAccessTokenClaims, CognitoIdTokenClaims } from '../jwt/cognito-claims.interface.js';
import type { ResolvedCognitoOptions } from '../options/resolve-options.js';
import { cognitoEndpoints, type CognitoEndpoints, type HostedUiPage } from './cognito-endpoints.js';
import { CognitoTokenClient, type ClientCredentials, type CognitoTokenSet } from './cognito-token-client.js';
import { CognitoUserPoolApi, type CognitoUser } from './cognito-user-pool-api.js';

export type { HostedUiPage };

/** Parameters Cognito's authorize endpoint takes from the app, beyond the ones the flow sets. */
export const PASS_THROUGH_PARAMS = ['identity_provider', 'idp_identifier', 'lang', 'login_hint', 'prompt'] as const;

export interface AuthorizeUrlParams {
  state: string;
  nonce?: string;
  codeChallenge?: string;
  page?: HostedUiPage;
  extra?: Partial<Record<(typeof PASS_THROUGH_PARAMS)[number], string>>;
}

export interface VerifiedSignIn {
  tokens: CognitoTokenSet;
  idClaims?: CognitoIdTokenClaims;
  accessClaims: CognitoAccessTokenClaims;
}

/**
 * Everything the hosted-UI flow does, for use in code: authorize / sign-up / logout URLs, code
 * exchange, refresh, revocation and userInfo. Speaks to the hosted-UI app client (the first
 * `clientId`).
 */
@Injectable()
export class CognitoAuthService {
  readonly endpoints?: CognitoEndpoints;
  private readonly client: CognitoTokenClient | undefined;
  private readonly credentials: ClientCredentials;
  private readonly api: CognitoUserPoolApi;

  constructor(
    @Inject(COGNITO_OPTIONS) private readonly options: ResolvedCognitoOptions,
    private readonly verifier: CognitoJwtVerifier,
    private readonly revocation: CognitoRevocation,
  ) {
    this.endpoints = options.domain ? cognitoEndpoints(options.domain) : undefined;
    this.client = this.endpoints ? new CognitoTokenClient(this.endpoints, options.httpTimeout) : undefined;
    this.credentials = { clientId: options.clientIds[0], clientSecret: options.clientSecret };
    this.api = new CognitoUserPoolApi(options.apiEndpoint, options.httpTimeout);
  }

  /** The hosted-UI URL (authorize, sign-up or forgot-password page) for a code flow with PKCE. */
  authorizeUrl(params: AuthorizeUrlParams): string {
    const query: Record<string, string | undefined> = {
      response_type: 'code',
      client_id: this.credentials.clientId,
      redirect_uri: this.options.redirectUri,
      scope: this.options.scopes.join(' '),
      state: params.state,
      nonce: params.nonce,
      code_challenge: params.codeChallenge,
      code_challenge_method: params.codeChallenge ? 'S256' : undefined,
      ...params.extra,
    };
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value) search.set(name, value);
    return this.pageUrl(params.page ?? 'signIn', search);
  }

  /** A hosted-UI page with authorize parameters: the one place such URLs are assembled. */
  pageUrl(page: HostedUiPage, search: URLSearchParams): string {
    const url = new URL(this.requireDomain().pages[page]);
    url.search = search.toString();
    return url.href;
  }

  /** Cognito's own sign-out URL (`client_id` + `logout_uri`, not OIDC's end_session parameters). */
  logoutUrl(): string | undefined {
    if (!this.endpoints || !this.options.logoutUri) return undefined;
    const url = new URL(this.endpoints.logout);
    url.searchParams.set('client_id', this.credentials.clientId);
    url.searchParams.set('logout_uri', this.options.logoutUri);
    return url.href;
  }

  exchangeCode(code: string, codeVerifier?: string): Promise<CognitoTokenSet> {
    const params: Record<string, string> = { grant_type: 'authorization_code', code, redirect_uri: this.options.redirectUri ?? '' };
    if (codeVerifier) params.code_verifier = codeVerifier;
    return this.tokenClient().token(params, this.credentials);
  }

  /**
   * New tokens for a refresh token. Without rotation Cognito returns no refresh token: the old one
   * is kept. With rotation the new one replaces it. A dead refresh token is a 401.
   */
  async refresh(refreshToken: string): Promise<CognitoTokenSet> {
    if (typeof refreshToken !== 'string' || refreshToken.length === 0 || refreshToken.length > 8192) {
      throw new InvalidRequestError('refresh_token is required');
    }
    try {
      const tokens = await this.tokenClient().token({ grant_type: 'refresh_token', refresh_token: refreshToken }, this.credentials);
      return { ...tokens, refresh_token: tokens.refresh_token ?? refreshToken };
    } catch (error) {
      if (error instanceof TokenRequestRejectedError && error.code === 'invalid_grant') {
        throw new RefreshTokenInvalidError('refresh token is invalid, expired or revoked');
      }
      throw error;
    }
  }

  /** A client-credentials (M2M) token for `scope` (space-separated resource-server scopes; empty for all of the client's). */
  clientCredentialsToken(scope: string, credentials: ClientCredentials): Promise<CognitoTokenSet> {
    return this.tokenClient().token({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) }, credentials);
  }

  revoke(refreshToken: string): Promise<void> {
    return this.tokenClient().revoke(refreshToken, this.credentials);
  }

  userInfo(accessToken: string): Promise<Record<string, unknown>> {
    return this.tokenClient().userInfo(accessToken);
  }

  /**
   * The user of an access token, from Cognito's `GetUser`: the third way to read a user, besides the
   * id token and userInfo. The token needs the `aws.cognito.signin.user.admin` scope.
   */
  getUser(accessToken: string): Promise<CognitoUser> {
    return this.api.getUser(accessToken);
  }

  /**
   * Signs the token's user out everywhere: Cognito's `GlobalSignOut` ends every refresh token of the
   * user (all devices and app clients), and the access and id tokens already issued, which would
   * still verify at this API, are refused here and on every instance (`CognitoRevocation`).
   */
  async globalSignOut(accessToken: string): Promise<void> {
    // Verified first: the user to sign out is the token's, and a forged token signs nobody out.
    const { sub } = await this.verifier.verify<CognitoAccessTokenClaims>(accessToken, 'access');
    await this.api.globalSignOut(accessToken);
    await this.revocation.signOutEverywhere(sub);
  }

  /**
   * Checks the tokens of a code exchange: the access token as any bearer token, the id token
   * (signature, iss, aud, token_use, exp) plus the nonce sent at sign-in and its at_hash.
   */
  async verifySignIn(tokens: CognitoTokenSet, nonce: string | undefined): Promise<VerifiedSignIn> {
    try {
      const accessClaims = await this.verifier.verify<CognitoAccessTokenClaims>(tokens.access_token, 'access');
      // The verifier accepts every configured client; a sign-in is for the hosted-UI client alone.
      if (accessClaims.client_id !== this.credentials.clientId) throw badSignIn('access token was issued to another app client');
      if (tokens.id_token === undefined) {
        if (this.options.scopes.includes('openid')) throw badSignIn('Cognito returned no id token');
        return { tokens, accessClaims };
      }
      const idClaims = await this.verifier.verify<CognitoIdTokenClaims>(tokens.id_token, 'id');
      if (idClaims.aud !== this.credentials.clientId) throw badSignIn('id token was issued to another app client (aud)');
      if (nonce !== undefined && idClaims.nonce !== nonce) throw badSignIn('id token nonce does not match this sign-in');
      if (idClaims.at_hash !== undefined && idClaims.at_hash !== atHash(tokens.access_token)) {
        throw badSignIn('id token at_hash does not match the access token');
      }
      return { tokens, idClaims, accessClaims };
    } catch (error) {
      if (error instanceof CognitoJwtError) {
        throw error instanceof JwksUnavailableError ? new CognitoUnavailableError(error.message) : badSignIn(error.message);
      }
      throw error;
    }
  }

  private tokenClient(): CognitoTokenClient {
    this.requireDomain();
    return this.client!;
  }

  private requireDomain(): CognitoEndpoints {
    if (!this.endpoints) throw new HostedUiNotConfiguredError('hosted-UI sign-in is not configured: set the "domain" option to use the hosted UI and the OAuth endpoints');
    return this.endpoints;
  }
}

// OIDC Core 3.1.3.6: left half of the SHA-256 of the access token.
function atHash(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');
}

function badSignIn(message: string): SignInRejectedError {
  return new SignInRejectedError(`sign-in rejected: ${message}`);
}
