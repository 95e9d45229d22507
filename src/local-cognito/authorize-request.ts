import type { ProviderContext } from './context.js';
import type { ClientRecord } from './directory.js';
import { withQuery } from './http.js';
import { grantUserScopes } from './scopes.js';

/** Parameters of `/oauth2/authorize` that every hosted-UI page carries along. */
export const AUTHORIZE_PARAMS = [
  'client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'nonce', 'code_challenge',
  'code_challenge_method', 'identity_provider', 'idp_identifier', 'lang', 'login_hint', 'prompt',
] as const;

const PROMPTS = new Set(['none', 'login', 'consent', 'select_account']);

export interface AuthorizeRequest {
  client: ClientRecord;
  redirectUri: string;
  scopes: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  loginHint?: string;
  lang?: string;
  prompt: Set<string>;
  /** Only the authorize parameters, to carry from page to page. */
  params: URLSearchParams;
}

export type AuthorizeOutcome =
  /** The client or redirect URI is not trustworthy: show an error page, never redirect. */
  | { kind: 'page'; message: string }
  /** Trustworthy redirect URI: send the error back to the client. */
  | { kind: 'redirect'; location: string }
  | { kind: 'ok'; request: AuthorizeRequest };

export function parseAuthorizeRequest(ctx: ProviderContext, source: URLSearchParams): AuthorizeOutcome {
  const params = new URLSearchParams();
  for (const name of AUTHORIZE_PARAMS) {
    const values = source.getAll(name);
    if (values.length > 1) return { kind: 'page', message: `The parameter ${name} was sent more than once.` };
    if (values.length === 1) params.set(name, values[0]!);
  }
  const clientId = params.get('client_id');
  const client = clientId ? ctx.directory.findClient(clientId) : undefined;
  if (!client) return { kind: 'page', message: clientId ? 'The client_id is not known to this user pool.' : 'The client_id parameter is missing.' };
  const redirectUri = params.get('redirect_uri');
  if (!redirectUri) return { kind: 'page', message: 'The redirect_uri parameter is missing.' };
  // Exact string match: no normalisation, no prefix matching.
  if (!client.callbackUrls.includes(redirectUri)) return { kind: 'page', message: 'The redirect_uri is not registered for this client.' };

  const state = params.get('state') ?? undefined;
  const fail = (error: string, description: string): AuthorizeOutcome => ({
    kind: 'redirect',
    location: withQuery(redirectUri, { error, error_description: description, state }),
  });

  const responseType = params.get('response_type');
  if (!responseType) return fail('invalid_request', 'response_type is required');
  // Implicit grant exists in Cognito but no client here allows it.
  if (responseType === 'token') return fail('unauthorized_client', 'the client is not allowed the implicit grant');
  if (responseType !== 'code') return fail('unsupported_response_type', 'response_type must be "code"');
  if (!client.flows.includes('code')) return fail('unauthorized_client', 'the client is not allowed the authorization code grant');

  const method = params.get('code_challenge_method');
  const challenge = params.get('code_challenge');
  if (method !== null && method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
  if (method !== null && !challenge) return fail('invalid_request', 'code_challenge is required with code_challenge_method');
  if (challenge !== null && method === null) return fail('invalid_request', 'code_challenge_method is required with code_challenge');
  if (challenge !== null && !/^[A-Za-z0-9._~-]{43,128}$/.test(challenge)) return fail('invalid_request', 'code_challenge is malformed');

  const scopes = grantUserScopes(params.get('scope'), client);
  if (!scopes.ok) return fail('invalid_scope', scopes.description);

  const idp = params.get('identity_provider');
  if (idp !== null && idp !== 'COGNITO') return fail('invalid_request', `identity provider "${idp}" is not configured for this client`);
  if (params.get('idp_identifier') !== null) return fail('invalid_request', 'no identity provider matches idp_identifier');

  const prompt = new Set((params.get('prompt') ?? '').split(' ').filter(Boolean));
  if ([...prompt].some((p) => !PROMPTS.has(p))) return fail('invalid_request', 'unsupported prompt value');
  if (prompt.has('none') && prompt.size > 1) return fail('invalid_request', 'prompt=none cannot be combined with other values');

  return {
    kind: 'ok',
    request: {
      client,
      redirectUri,
      scopes: scopes.scopes,
      state,
      nonce: params.get('nonce') ?? undefined,
      codeChallenge: challenge ?? undefined,
      loginHint: params.get('login_hint') ?? undefined,
      lang: params.get('lang') ?? undefined,
      prompt,
      params,
    },
  };
}
