import type { ClientRecord, Directory } from './directory.js';
import { RESERVED_SCOPES } from './pool.js';

export type ScopeResult = { ok: true; scopes: string[] } | { ok: false; description: string };

const NEEDS_OPENID = ['email', 'phone', 'profile'];

/**
 * Scopes for a user sign-in. Cognito ignores scopes the client may not use, grants all of
 * the client's scopes when none are asked for, and rejects a bare custom scope such as
 * `offline_access` (custom scopes need a resource-server prefix).
 */
export function grantUserScopes(requested: string | null, client: ClientRecord): ScopeResult {
  if (requested === null || requested.trim() === '') return { ok: true, scopes: [...client.scopes] };
  const asked = splitScopes(requested);
  const unprefixed = asked.find((s) => !isReserved(s) && !s.includes('/'));
  if (unprefixed) return { ok: false, description: `"${unprefixed}" is not a reserved scope and has no resource-server prefix` };
  const granted = asked.filter((s) => client.scopes.includes(s));
  if (granted.length === 0) return { ok: false, description: 'none of the requested scopes is allowed for this client' };
  const orphan = granted.find((s) => NEEDS_OPENID.includes(s));
  if (orphan && !granted.includes('openid')) return { ok: false, description: `scope "${orphan}" requires "openid"` };
  return { ok: true, scopes: granted };
}

/** Scopes for client credentials: custom scopes only, unknown ones ignored, none → all of the client's. */
export function grantClientScopes(requested: string | null, client: ClientRecord, directory: Directory): ScopeResult {
  const allowed = client.scopes.filter((s) => directory.customScopes.has(s));
  if (requested === null || requested.trim() === '') {
    return allowed.length ? { ok: true, scopes: allowed } : { ok: false, description: 'the client has no custom scopes' };
  }
  const granted = splitScopes(requested).filter((s) => allowed.includes(s));
  return granted.length ? { ok: true, scopes: granted } : { ok: false, description: 'none of the requested scopes is allowed for this client' };
}

function splitScopes(value: string): string[] {
  return [...new Set(value.split(/\s+/).filter(Boolean))];
}

function isReserved(scope: string): boolean {
  return (RESERVED_SCOPES as readonly string[]).includes(scope);
}
