/** Cognito's user-pool-domain endpoints (protocol doc §1); the issuer host serves only JWKS and discovery. */
export interface CognitoEndpoints {
  authorize: string;
  signUp: string;
  forgotPassword: string;
  token: string;
  userInfo: string;
  revoke: string;
  logout: string;
}

export function cognitoEndpoints(domain: string): CognitoEndpoints {
  return {
    authorize: `${domain}/oauth2/authorize`,
    signUp: `${domain}/signup`,
    forgotPassword: `${domain}/forgotPassword`,
    token: `${domain}/oauth2/token`,
    userInfo: `${domain}/oauth2/userInfo`,
    revoke: `${domain}/oauth2/revoke`,
    logout: `${domain}/logout`,
  };
}
