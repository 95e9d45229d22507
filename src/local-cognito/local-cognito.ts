import { dirname, extname } from 'node:path';
import { signInThroughApp, type AppSignIn, type AppSignInOptions } from './app-sign-in.js';
import { DEFAULT_POOL } from './default-pool.js';
import { Directory } from './directory.js';
import { HostedUiBrowser } from './hosted-ui-browser.js';
import { KeyRing } from './keys.js';
import { LocalPool, type AppUrls, type IssuedClientToken, type IssuedTokens, type IssueTokensInput, type LocalCognitoSettings, type LocalSdkConfig } from './local-pool.js';
import type { LocalIssuerFormat, LocalPoolConfig, LocalUser } from './pool.js';
import { PoolState } from './pool-state.js';
import { loadPoolFile, PoolConfigError, validatePool } from './pool-validation.js';
import { ProviderServer } from './server.js';
import { loadTrigger } from './trigger-loader.js';

export interface LocalCognitoOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default '127.0.0.1'. URLs always say `localhost`. */
  host?: string;
  /** A pool object or the path of a pool JSON file; the default pool when omitted. */
  pool?: LocalPoolConfig | string;
  /**
   * Several pools on one server, each with its own keys, issuer and clients (client ids must be
   * unique across pools). The first is the one `LocalCognito`'s own methods work on. Not with `pool`.
   */
  pools?: (LocalPoolConfig | string)[];
  /** Overrides the (first) pool's id. Default `local_LocalPool1`. */
  userPoolId?: string;
  /**
   * Where to keep the signing keys, so tokens stay valid across restarts. Further pools use
   * the same name with `.{userPoolId}` before the extension.
   */
  keysFile?: string;
  /** Clock in milliseconds; tests pass their own to expire codes and tokens. */
  now?: () => number;
  /** Receives lines already prefixed with `[local-cognito]`. Default console.log. */
  logger?: (line: string) => void;
}

export type { IssuedClientToken, IssuedTokens, IssueTokensInput, LocalCognitoSettings, LocalSdkConfig };

const POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;

/**
 * A Cognito-compatible identity provider on localhost, for development and tests: hosted UI,
 * OAuth endpoints, JWKS and discovery, and the user-pool API (`POST /`) for one or more pools.
 * The methods below act on the first pool; `pool(id)` reaches the others.
 */
export class LocalCognito {
  private readonly primary: LocalPool;

  private constructor(
    private readonly pools: Map<string, LocalPool>,
    private readonly server: ProviderServer,
    readonly port: number,
  ) {
    this.primary = [...pools.values()][0]!;
  }

  static async start(options: LocalCognitoOptions = {}): Promise<LocalCognito> {
    if (options.pool !== undefined && options.pools !== undefined) throw new PoolConfigError(['give either "pool" or "pools", not both'], 'options');
    if (options.pools !== undefined && options.pools.length === 0) throw new PoolConfigError(['"pools" must name at least one pool'], 'options');
    const sources = options.pools ?? [options.pool];
    const now = options.now ?? Date.now;
    const sink = options.logger ?? console.log;
    const log = (line: string) => sink(`[local-cognito] ${line}`);

    const states: PoolState[] = [];
    const clientOwners = new Map<string, string>();
    for (const [index, source] of sources.entries()) {
      const { pool, baseDir, label } = resolvePool(source);
      const userPoolId = (index === 0 ? options.userPoolId : undefined) ?? pool.userPoolId ?? `local_LocalPool${index + 1}`;
      const problems: string[] = [];
      if (!POOL_ID.test(userPoolId)) problems.push(`userPoolId: "${userPoolId}" must look like "local_LocalPool1"`);
      if (states.some((s) => s.userPoolId === userPoolId)) problems.push(`userPoolId: "${userPoolId}" is used by another pool`);
      for (const client of pool.clients) {
        const owner = clientOwners.get(client.clientId);
        if (owner) problems.push(`clients: "${client.clientId}" is already a client of ${owner} (client ids are unique across pools)`);
        clientOwners.set(client.clientId, userPoolId);
      }
      if (problems.length) throw new PoolConfigError(problems, label);
      const trigger = await loadTrigger(pool.preTokenGeneration, baseDir, label);
      const keys = await KeyRing.open(keysFileFor(options.keysFile, index, userPoolId));
      states.push(new PoolState(userPoolId, pool.region ?? 'local', pool.issuerFormat ?? 'original', new Directory(pool, userPoolId), keys, trigger, now, log));
    }

    const server = new ProviderServer(states);
    const port = await server.listen(options.host ?? '127.0.0.1', options.port ?? 0);
    for (const state of states) state.baseUrl = `http://localhost:${port}`;
    return new LocalCognito(new Map(states.map((state) => [state.userPoolId, new LocalPool(state)])), server, port);
  }

  /** A pool by id; throws for an unknown id. */
  pool(userPoolId: string): LocalPool {
    const pool = this.pools.get(userPoolId);
    if (!pool) throw new Error(`local-cognito: no pool "${userPoolId}" (pools: ${[...this.pools.keys()].join(', ')})`);
    return pool;
  }

  /** Every pool, the first one first. */
  allPools(): LocalPool[] {
    return [...this.pools.values()];
  }

  /** The hosted-UI "domain", and the endpoint of the user-pool API. */
  get url(): string {
    return this.primary.url;
  }

  get region(): string {
    return this.primary.region;
  }

  get issuer(): string {
    return this.primary.issuer;
  }

  get jwksUri(): string {
    return this.primary.jwksUri;
  }

  get userPoolId(): string {
    return this.primary.userPoolId;
  }

  /** Plain settings to spread into the module's options. */
  /** Module options for a client; `urls` (the app's callback and sign-out URLs) are registered on it and returned. */
  settingsFor(clientId?: string, urls: AppUrls = {}): LocalCognitoSettings {
    return (clientId ? this.poolOfClient(clientId) : this.primary).settingsFor(clientId, urls);
  }

  /** Endpoint, region and dummy credentials for the AWS SDK's `CognitoIdentityProviderClient`. */
  sdkConfig(): LocalSdkConfig {
    return this.primary.sdkConfig();
  }

  setIssuerFormat(format: LocalIssuerFormat): void {
    this.primary.setIssuerFormat(format);
  }

  addClientUrls(clientId: string, urls: { callbackUrls?: string[]; logoutUrls?: string[] }): void {
    this.poolOfClient(clientId).addClientUrls(clientId, urls);
  }

  addUser(user: LocalUser): void {
    this.primary.addUser(user);
  }

  /** Real tokens, as after a hosted-UI sign-in, with a working refresh token. Always includes an ID token. */
  issueTokens(input: IssueTokensInput): Promise<IssuedTokens> {
    return (input.clientId ? this.poolOfClient(input.clientId) : this.primary).issueTokens(input);
  }

  /** A client-credentials token; `scopes` are used as given (default: all of the client's custom scopes). */
  issueClientToken(input: { clientId?: string; scopes?: string[]; clientMetadata?: Record<string, string> } = {}): Promise<IssuedClientToken> {
    return (input.clientId ? this.poolOfClient(input.clientId) : this.primary).issueClientToken(input);
  }

  /** Returns the final redirect (`?code&state` or `?error`); throws with the page's message on failure. */
  signInThroughHostedUi(authorizeUrl: string, credentials: { username: string; password: string }): Promise<string> {
    return new HostedUiBrowser().signIn(authorizeUrl, credentials).then((url: URL) => url.toString());
  }

  /**
   * Signs a user in through an app under test, as a browser would (the app's sign-in route, the
   * hosted UI, the app's callback with its state cookie), and returns the callback's answer: the
   * tokens in JSON mode, the session cookie in session mode.
   */
  signInThroughApp(appUrl: string, credentials: { username: string; password: string }, options: AppSignInOptions = {}): Promise<AppSignIn> {
    return signInThroughApp(this.url, appUrl, credentials, options);
  }

  async rotateKeys(options: { keepOld?: boolean } = {}): Promise<void> {
    await this.primary.rotateKeys(options);
  }

  async stop(): Promise<void> {
    await this.server.close();
  }

  /** The pool that owns a client; the first pool when none does, so its error message names the client. */
  private poolOfClient(clientId: string): LocalPool {
    return this.allPools().find((pool) => pool.hasClient(clientId)) ?? this.primary;
  }
}

function resolvePool(pool: LocalPoolConfig | string | undefined): { pool: LocalPoolConfig; baseDir: string; label: string } {
  if (pool === undefined) return { pool: DEFAULT_POOL, baseDir: process.cwd(), label: 'pool' };
  if (typeof pool === 'string') return { pool: loadPoolFile(pool), baseDir: dirname(pool), label: `pool file ${pool}` };
  validatePool(pool);
  return { pool, baseDir: process.cwd(), label: 'pool' };
}

function keysFileFor(file: string | undefined, index: number, userPoolId: string): string | undefined {
  if (!file || index === 0) return file;
  const ext = extname(file);
  return `${file.slice(0, file.length - ext.length)}.${userPoolId}${ext}`;
}
