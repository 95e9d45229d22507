import type { UserRecord } from './directory.js';

const EMAIL = ['email', 'email_verified'];
const PHONE = ['phone_number', 'phone_number_verified'];

/**
 * The user attributes a set of scopes releases: `email` and `phone` their pairs, `profile`
 * every attribute. Custom attributes have no standard scope; they ride with `openid`, as
 * Cognito releases every readable attribute to an `openid` client.
 */
export function releasedAttributes(user: UserRecord, scopes: readonly string[]): Record<string, string> {
  if (!scopes.includes('openid')) return {};
  const profile = scopes.includes('profile');
  const released: Record<string, string> = {};
  for (const [name, value] of Object.entries(user.attributes)) {
    const allowed =
      profile ||
      name.startsWith('custom:') ||
      (EMAIL.includes(name) && scopes.includes('email')) ||
      (PHONE.includes(name) && scopes.includes('phone'));
    if (allowed) released[name] = value;
  }
  return released;
}

/** The ID token carries `*_verified` as booleans (userInfo keeps Cognito's strings). */
export function asIdTokenClaims(attributes: Record<string, string>): Record<string, string | boolean> {
  const claims: Record<string, string | boolean> = {};
  for (const [name, value] of Object.entries(attributes)) claims[name] = name.endsWith('_verified') ? value === 'true' : value;
  return claims;
}
