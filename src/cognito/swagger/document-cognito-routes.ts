import type { OpenAPIObject } from '@nestjs/swagger';

type Responses = Record<string, { description: string; headers?: Record<string, { description: string; schema: { type: 'string' } }> }>;

const ERROR = 'The module\'s error body: `{ statusCode, error, reason?, message }`';
const LOCATION = { Location: { description: 'Where the browser goes next', schema: { type: 'string' as const } } };
const redirect = (to: string) => ({ description: `Redirect to ${to}`, headers: LOCATION });

/** What each hosted-UI route really answers, by method and path under `authPath`. */
const ROUTES: Record<string, Responses> = {
  'get /sign-in': { 302: redirect("the hosted UI's sign-in page"), 400: { description: `An unsafe returnTo. ${ERROR}` } },
  'get /sign-up': { 302: redirect("the hosted UI's sign-up page"), 400: { description: `An unsafe returnTo. ${ERROR}` } },
  'get /forgot-password': { 302: redirect("the hosted UI's password reset page"), 400: { description: `An unsafe returnTo. ${ERROR}` } },
  'get /callback': {
    200: { description: 'JSON mode: `{ access_token, id_token, refresh_token, expires_in, token_type }` (Cache-Control: no-store)' },
    302: redirect('returnTo, with the session cookie (session mode)'),
    400: { description: `Missing, foreign, expired or replayed state; an error Cognito sent back. ${ERROR}` },
    401: { description: `Access denied, or tokens that fail the sign-in checks. ${ERROR}` },
    502: { description: `Cognito unreachable or refusing this app's credentials. ${ERROR}` },
  },
  'post /refresh': {
    200: { description: 'New tokens (JSON mode), or `{ expires_in, token_type }` with a new session cookie (session mode)' },
    400: { description: `No refresh token. ${ERROR}` },
    401: { description: `A dead refresh token. ${ERROR}` },
    502: { description: `Cognito unreachable. ${ERROR}` },
  },
  'get /userinfo': {
    200: { description: "Cognito's userInfo for the caller's access token" },
    401: { description: `No access token, or one Cognito refuses. ${ERROR}` },
    502: { description: `Cognito unreachable. ${ERROR}` },
  },
  'get /sign-out': { 302: redirect("Cognito's /logout"), 204: { description: 'Signed out (no logoutUri configured)' } },
  'post /sign-out': { 302: redirect("Cognito's /logout"), 204: { description: 'Signed out (no logoutUri configured)' } },
};

/**
 * Replaces the responses Swagger infers for the hosted-UI routes (200 for a redirect, 201 for
 * sign-out) with what they answer. Call it on the document before `SwaggerModule.setup()`;
 * `authPath` as configured, with the global prefix if the app has one (e.g. `/api/auth`).
 */
export function documentCognitoRoutes(document: OpenAPIObject, authPath = '/auth'): OpenAPIObject {
  const base = authPath.replace(/\/+$/, '');
  for (const [route, responses] of Object.entries(ROUTES)) {
    const [method, path] = route.split(' ') as [string, string];
    const operation = (document.paths[`${base}${path}`] as Record<string, { responses?: unknown; tags?: string[] }> | undefined)?.[method];
    if (operation === undefined) continue;
    operation.responses = responses;
    operation.tags = ['cognito'];
  }
  return document;
}
