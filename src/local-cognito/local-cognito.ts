import { randomUUID } from 'node:crypto';
import type { ProviderContext } from './context.js';
import { DEFAULT_POOL } from './default-pool.js';
import { Directory, type ClientRecord } from './directory.js';
import { GrantStore } from './grants.js';
import { driveHostedUiSignIn } from './hosted-ui-driver.js';
import { KeyRing } from './keys.js';
import type { LocalPoolConfig, LocalUser } from './pool.js';
import { loadPoolFile, PoolConfigError, redirectUrlProblem, validatePool } from './pool-validation.js';
import { ProviderServer } from './server.js';
import { SessionStore } from './sessions.js';
import { mintClientToken, mintUserTokens } from './tokens.js';
import { VerificationCodes } from './verification-codes.js';

export interface LocalCognitoOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default '127.0.0.1'. URLs always say `localhost`. */
  host?: string;
  /** A pool object or the path of a pool JSON file; the default pool when omitted. */
  pool?: LocalPoolConfig | string;
  /** Default 'local_LocalPool1'; overrides the pool's. */
  userPoolId?: string;
  /** Where to keep the signing keys, so tokens stay valid across restarts. */
  keysFile?: string;
  /** Clock in milliseconds; tests pass their own to expire codes and tokens. */
  now?: () => number;
  /** Receives lines already prefixed with `[local-cognito]`. Default console.log. */
  logger?: (line: string) => void;
}

export interface IssueTokensInput {
  username: string;
  clientId?: string;
  scopes?: string[];
  groups?: string[];
  nonce?: string;
  accessTokenValiditySeconds?: number;
  /** Merged last into both the ID and the access token: lets tests forge odd tokens. */
  claims?: Record<string, unknown>;
}

export interface IssuedTokens {
  access_token: string;
  id_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

export interface IssuedClientToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

export interface LocalCognitoSettings {
  region: string;
  userPoolId: string;
  clientId: string;
  clientSecret?: string;
  domain: string;
  issuer: string;
  jwksUri: string;
}

/** The mutable part of the context: URLs are known only once the port is bound. */
class ProviderState implements ProviderContext {
  baseUrl = '';
  constructor(
    readonly userPoolId: string,
    readonly directory: Directory,
    readonly keys: KeyRing,
    readonly now: () => number,
    readonly log: (line: string) => void,
    readonly grants = new GrantStore(now),
    readonly sessions = new SessionStore(now),
    readonly codes = new VerificationCodes(now),
  ) {}

  get issuer(): string {
    return `${this.baseUrl}/${this.userPoolId}`;
  }
}

/** A Cognito-compatible identity provider on localhost, for development and tests. */
export class LocalCognito {
  private constructor(
    private readonly state: ProviderState,
    private readonly server: ProviderServer,
    readonly port: number,
    readonly region: string,
  ) {}

  static async start(options: LocalCognitoOptions = {}): Promise<LocalCognito> {
    const pool = resolvePool(options.pool);
    const userPoolId = options.userPoolId ?? pool.userPoolId ?? 'local_LocalPool1';
    if (!/^[\w-]+_[0-9a-zA-Z]+$/.test(userPoolId)) throw new PoolConfigError([`userPoolId: "${userPoolId}" must look like "local_LocalPool1"`], 'options');
    const now = options.now ?? Date.now;
    const sink = options.logger ?? console.log;
    const keys = await KeyRing.open(options.keysFile);
    const state = new ProviderState(userPoolId, new Directory(pool, userPoolId), keys, now, (line) => sink(`[local-cognito] ${line}`));
    const server = new ProviderServer(state);
    const port = await server.listen(options.host ?? '127.0.0.1', options.port ?? 0);
    state.baseUrl = `http://localhost:${port}`;
    return new LocalCognito(state, server, port, pool.region ?? 'local');
  }

  /** The hosted-UI "domain". */
  get url(): string {
    return this.state.baseUrl;
  }

  get issuer(): string {
    return this.state.issuer;
  }

  get jwksUri(): string {
    return `${this.issuer}/.well-known/jwks.json`;
  }

  get userPoolId(): string {
    return this.state.userPoolId;
  }

  /** Plain settings to spread into the module's options. */
  settingsFor(clientId?: string): LocalCognitoSettings {
    const client = this.client(clientId, 'code');
    return {
      region: this.region,
      userPoolId: this.userPoolId,
      clientId: client.clientId,
      ...(client.clientSecret !== undefined ? { clientSecret: client.clientSecret } : {}),
      domain: this.url,
      issuer: this.issuer,
      jwksUri: this.jwksUri,
    };
  }

  addClientUrls(clientId: string, urls: { callbackUrls?: string[]; logoutUrls?: string[] }): void {
    const client = this.client(clientId);
    const problems = [...(urls.callbackUrls ?? []), ...(urls.logoutUrls ?? [])].map(redirectUrlProblem).filter((p): p is string => p !== undefined);
    if (problems.length) throw new PoolConfigError(problems, `URLs for ${clientId}`);
    for (const url of urls.callbackUrls ?? []) if (!client.callbackUrls.includes(url)) client.callbackUrls.push(url);
    for (const url of urls.logoutUrls ?? []) if (!client.logoutUrls.includes(url)) client.logoutUrls.push(url);
  }

  addUser(user: LocalUser): void {
    this.state.directory.putUser(user);
  }

  /** Real tokens, as after a code-flow sign-in, with a working refresh token. Always includes an ID token. */
  async issueTokens(input: IssueTokensInput): Promise<IssuedTokens> {
    const user = this.state.directory.findUser(input.username);
    if (!user) throw new Error(`local-cognito: no user "${input.username}"`);
    const client = this.client(input.clientId, 'code');
    const originJti = randomUUID();
    const event = {
      username: user.username,
      clientId: client.clientId,
      scopes: input.scopes ?? [...client.scopes],
      authTime: Math.floor(this.state.now() / 1000),
      eventId: randomUUID(),
    };
    const tokens = await mintUserTokens(this.state, {
      user,
      client,
      event,
      originJti,
      nonce: input.nonce,
      idToken: true,
      groups: input.groups,
      accessTokenValiditySeconds: input.accessTokenValiditySeconds,
      extraClaims: input.claims,
    });
    const refresh = this.state.grants.createRefreshToken(event, originJti, client.refreshTokenValiditySeconds);
    return { access_token: tokens.accessToken, id_token: tokens.idToken!, refresh_token: refresh.token, token_type: 'Bearer', expires_in: tokens.expiresIn };
  }

  /** A client-credentials token; `scopes` are used as given (default: all of the client's custom scopes). */
  async issueClientToken(input: { clientId?: string; scopes?: string[] } = {}): Promise<IssuedClientToken> {
    const client = this.client(input.clientId, 'client_credentials');
    const scopes = input.scopes ?? client.scopes.filter((s) => this.state.directory.customScopes.has(s));
    const tokens = await mintClientToken(this.state, client, scopes);
    return { access_token: tokens.accessToken, token_type: 'Bearer', expires_in: tokens.expiresIn };
  }

  /** Returns the final redirect (`?code&state` or `?error`); throws with the page's message on failure. */
  signInThroughHostedUi(authorizeUrl: string, credentials: { username: string; password: string }): Promise<string> {
    return driveHostedUiSignIn(authorizeUrl, credentials);
  }

  async rotateKeys(options: { keepOld?: boolean } = {}): Promise<void> {
    await this.state.keys.rotate(options.keepOld ?? false);
  }

  async stop(): Promise<void> {
    await this.server.close();
  }

  /** A named client, or the pool's first client with the given flow. */
  private client(clientId: string | undefined, flow?: 'code' | 'client_credentials'): ClientRecord {
    const directory = this.state.directory;
    const client = clientId ? directory.findClient(clientId) : directory.allClients().find((c) => !flow || c.flows.includes(flow));
    if (!client) throw new Error(clientId ? `local-cognito: no app client "${clientId}"` : `local-cognito: the pool has no app client with the ${flow} flow`);
    return client;
  }
}

function resolvePool(pool: LocalPoolConfig | string | undefined): LocalPoolConfig {
  if (pool === undefined) return DEFAULT_POOL;
  if (typeof pool === 'string') return loadPoolFile(pool);
  validatePool(pool);
  return pool;
}
