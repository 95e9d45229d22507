import { createHash, timingSafeEqual } from 'node:crypto';
import type { LocalAppClient, LocalExplicitAuthFlow, LocalOAuthFlow, LocalPoolConfig, LocalUser } from './pool.js';
import { DEFAULT_EXPLICIT_AUTH_FLOWS, RESERVED_SCOPES } from './pool.js';
import { validateUser } from './pool-validation.js';

export interface UserRecord {
  username: string;
  password: string;
  sub: string;
  confirmed: boolean;
  groups: string[];
  /** Cognito keeps every attribute as a string, `*_verified` included. */
  attributes: Record<string, string>;
}

export interface ClientRecord {
  clientId: string;
  clientSecret?: string;
  callbackUrls: string[];
  logoutUrls: string[];
  flows: LocalOAuthFlow[];
  scopes: string[];
  accessTokenValiditySeconds: number;
  idTokenValiditySeconds: number;
  refreshTokenValiditySeconds: number;
  rotation: boolean;
  retryGracePeriodSeconds: number;
  explicitAuthFlows: LocalExplicitAuthFlow[];
  preventUserExistenceErrors: boolean;
}

/** The pool's users, app clients and custom scopes, mutable at run time. Input is validated first. */
export class Directory {
  private readonly users = new Map<string, UserRecord>();
  private readonly clients = new Map<string, ClientRecord>();
  readonly customScopes: ReadonlySet<string>;

  constructor(pool: LocalPoolConfig, private readonly userPoolId: string) {
    this.customScopes = new Set((pool.resourceServers ?? []).flatMap((rs) => rs.scopes.map((s) => `${rs.identifier}/${s}`)));
    for (const client of pool.clients) this.clients.set(client.clientId, toClientRecord(client));
    for (const user of pool.users ?? []) this.putUser(user);
  }

  findUser(username: string): UserRecord | undefined {
    return this.users.get(username.toLowerCase());
  }

  allUsers(): UserRecord[] {
    return [...this.users.values()];
  }

  putUser(user: LocalUser): UserRecord {
    validateUser(user);
    const record: UserRecord = {
      username: user.username,
      password: user.password,
      sub: user.sub ?? stableSub(this.userPoolId, user.username),
      confirmed: user.confirmed ?? true,
      groups: [...(user.groups ?? [])],
      attributes: Object.fromEntries(Object.entries(user.attributes ?? {}).map(([k, v]) => [k, String(v)])),
    };
    this.users.set(user.username.toLowerCase(), record);
    return record;
  }

  /** Constant-time so a local brute-force script learns nothing from timing either. */
  checkPassword(user: UserRecord, password: string): boolean {
    return sameSecret(user.password, password);
  }

  findClient(clientId: string): ClientRecord | undefined {
    return this.clients.get(clientId);
  }

  allClients(): ClientRecord[] {
    return [...this.clients.values()];
  }

  isKnownScope(scope: string): boolean {
    return (RESERVED_SCOPES as readonly string[]).includes(scope) || this.customScopes.has(scope);
  }
}

export function sameSecret(expected: string, given: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

function toClientRecord(client: LocalAppClient): ClientRecord {
  return {
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    callbackUrls: [...(client.callbackUrls ?? [])],
    logoutUrls: [...(client.logoutUrls ?? [])],
    flows: [...(client.allowedOAuthFlows ?? ['code'])],
    scopes: [...(client.allowedOAuthScopes ?? ['openid', 'email', 'profile'])],
    accessTokenValiditySeconds: client.accessTokenValiditySeconds ?? 3600,
    idTokenValiditySeconds: client.idTokenValiditySeconds ?? 3600,
    refreshTokenValiditySeconds: client.refreshTokenValiditySeconds ?? 30 * 24 * 3600,
    rotation: client.refreshTokenRotation ?? false,
    retryGracePeriodSeconds: client.retryGracePeriodSeconds ?? 0,
    explicitAuthFlows: [...(client.explicitAuthFlows ?? DEFAULT_EXPLICIT_AUTH_FLOWS)],
    preventUserExistenceErrors: client.preventUserExistenceErrors ?? true,
  };
}

/** Name-based (v5-style) UUID: the same user keeps the same `sub` across restarts. */
function stableSub(userPoolId: string, username: string): string {
  const hash = createHash('sha1').update(`local-cognito:${userPoolId}:${username.toLowerCase()}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
