/** The hosted-UI pages a sign-in can open; all take the same authorize parameters. */
export type HostedUiPage = 'signIn' | 'signUp' | 'forgotPassword';

/**
 * Cognito's user-pool-domain endpoints (https://docs.aws.amazon.com/cognito/latest/developerguide/federation-endpoints.html).
 * The issuer host serves only the JWKS and OIDC discovery.
 */
export interface CognitoEndpoints {
  /** Each hosted-UI page: `/oauth2/authorize` (which shows `/login`), `/signup`, `/forgotPassword`. */
  pages: Readonly<Record<HostedUiPage, string>>;
  authorize: string;
  token: string;
  userInfo: string;
  revoke: string;
  logout: string;
}

export function cognitoEndpoints(domain: string): CognitoEndpoints {
  const authorize = `${domain}/oauth2/authorize`;
  return {
    pages: { signIn: authorize, signUp: `${domain}/signup`, forgotPassword: `${domain}/forgotPassword` },
    authorize,
    token: `${domain}/oauth2/token`,
    userInfo: `${domain}/oauth2/userInfo`,
    revoke: `${domain}/oauth2/revoke`,
    logout: `${domain}/logout`,
  };
}
