/**
 * What each error code Cognito can send back to the callback means, in our words. Cognito's
 * `error_description` is never shown: it arrives in a URL anyone can craft, so echoing it would let
 * a link put any text in this app's voice (RFC 9700 §4.4 on content injection).
 */
const EXPLANATIONS: Record<string, string> = {
  access_denied: 'the user or Cognito denied the sign-in',
  login_required: 'the user has to sign in at the hosted UI (prompt=none without a hosted-UI session)',
  interaction_required: 'the user has to interact with the hosted UI to sign in',
  consent_required: 'the user has to consent at the hosted UI',
  invalid_request: 'Cognito refused the sign-in request (for example an unknown identity provider)',
  unauthorized_client: "Cognito refused this app client's sign-in request",
  unsupported_response_type: "Cognito refused this app client's sign-in request",
  invalid_scope: "Cognito refused this app client's scopes",
  server_error: 'Cognito could not complete the sign-in',
  temporarily_unavailable: 'Cognito could not complete the sign-in right now',
};

/** An OAuth error code from a URL, kept only if it looks like one. */
export function tamedErrorCode(code: unknown): string {
  return typeof code === 'string' && /^[a-z_]{1,64}$/.test(code) ? code : 'authorization_failed';
}

export function explainAuthorizationError(code: string): string {
  return `sign-in failed at Cognito: ${EXPLANATIONS[code] ?? 'Cognito refused the sign-in'} (${code})`;
}
