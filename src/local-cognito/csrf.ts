import { randomBytes } from 'node:crypto';
import { sameSecret } from './directory.js';
import { cookie, type ParsedRequest } from './http.js';

/** Cognito's hosted UI uses the same double-submit pattern: an `XSRF-TOKEN` cookie plus a `_csrf` field. */
export const CSRF_COOKIE = 'XSRF-TOKEN';
const CSRF_LIFETIME_SECONDS = 3600;

/** Reuses the browser's token so that several open tabs keep working. */
export function csrfToken(request: ParsedRequest): { token: string; setCookie?: string } {
  const existing = request.cookies[CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return { token: existing };
  const token = randomBytes(32).toString('base64url');
  return { token, setCookie: cookie(CSRF_COOKIE, token, CSRF_LIFETIME_SECONDS) };
}

/** A cross-site form post carries neither the SameSite=Lax cookie nor the right field. */
export function csrfValid(request: ParsedRequest): boolean {
  const fromCookie = request.cookies[CSRF_COOKIE];
  const fromForm = request.form?.get('_csrf');
  return Boolean(fromCookie && fromForm && sameSecret(fromCookie, fromForm));
}
