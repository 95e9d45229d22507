import { randomUUID } from 'node:crypto';
import type { ClientRecord } from './directory.js';
import type { PoolState } from './pool-state.js';
import { issuerUrl } from './issuer.js';
import type { LocalIssuerFormat, LocalUser } from './pool.js';
import { PoolConfigError, redirectUrlProblem } from './pool-validation.js';
import { runPreTokenGeneration } from './pre-token-generation.js';
import { mintClientToken, mintUserTokens } from './tokens.js';

export interface IssueTokensInput {
  username: string;
  clientId?: string;
  scopes?: string[];
  groups?: string[];
  nonce?: string;
  accessTokenValiditySeconds?: number;
  /** Passed to the pre token generation trigger as `request.clientMetadata`. */
  clientMetadata?: Record<string, string>;
  /** Merged last into both the ID and the access token, after the trigger: lets tests forge odd tokens. */
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
  /** The client's callback URL: the one given to `settingsFor`, else its first registered one. */
  redirectUri?: string;
  /** The client's sign-out URL: the one given to `settingsFor`, else its first registered one. */
  logoutUri?: string;
  /** The user-pool API (`GetUser`, `GlobalSignOut`, ...), served by the provider at its root. */
  apiEndpoint: string;
}

/** URLs of the app under test, registered on the client by `settingsFor`. */
export interface AppUrls {
  redirectUri?: string;
  logoutUri?: string;
}

/** Configuration for `new CognitoIdentityProviderClient(...)` from `@aws-sdk/client-cognito-identity-provider`. */
export interface LocalSdkConfig {
  endpoint: string;
  region: string;
  /** Dummy values: the user-pool operations served locally take no AWS credentials, but the SDK wants some. */
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/** One user pool of a running provider: its settings, users, clients, keys and tokens. */
export class LocalPool {
  constructor(private readonly state: PoolState) {}

  get userPoolId(): string {
    return this.state.userPoolId;
  }

  get region(): string {
    return this.state.region;
  }

  /** The issuer of new tokens: `{url}/{poolId}`, or `{url}/issuer-cognito-idp/{poolId}` in the updated format. */
  get issuer(): string {
    return this.state.issuer;
  }

  get issuerFormat(): LocalIssuerFormat {
    return this.state.issuerFormat;
  }

  get jwksUri(): string {
    return `${this.issuer}/.well-known/jwks.json`;
  }

  /** The hosted-UI "domain" (shared by all pools of the provider; client ids tell them apart). */
  get url(): string {
    return this.state.baseUrl;
  }

  /**
   * Switches the issuer of new tokens, like changing a pool's issuer configuration in Cognito.
   * Tokens already issued keep their issuer and stay valid here.
   */
  setIssuerFormat(format: LocalIssuerFormat): void {
    if (format !== 'original' && format !== 'updated') throw new Error(`local-cognito: issuer format must be "original" or "updated", got "${String(format)}"`);
    this.state.issuerFormat = format;
  }

  /**
   * Both issuers this pool may sign with, original format first: give them to the module as its
   * `issuer` list, as the module accepts both formats of a real pool by default.
   */
  get issuers(): [original: string, updated: string] {
    return [issuerUrl(this.url, this.userPoolId, 'original'), issuerUrl(this.url, this.userPoolId, 'updated')];
  }

  /**
   * Module options for a client of this pool. `urls` are the app's callback and sign-out URLs:
   * they are registered on the client (as on Cognito's app client page) and returned, so the
   * settings spread into `CognitoModule.forRoot()` work as they are.
   */
  settingsFor(clientId?: string, urls: AppUrls = {}): LocalCognitoSettings {
    const client = this.client(clientId, 'code');
    this.addClientUrls(client.clientId, { callbackUrls: urls.redirectUri ? [urls.redirectUri] : [], logoutUrls: urls.logoutUri ? [urls.logoutUri] : [] });
    const redirectUri = urls.redirectUri ?? client.callbackUrls[0];
    const logoutUri = urls.logoutUri ?? client.logoutUrls[0];
    return {
      region: this.region,
      userPoolId: this.userPoolId,
      clientId: client.clientId,
      ...(client.clientSecret !== undefined ? { clientSecret: client.clientSecret } : {}),
      domain: this.url,
      issuer: this.issuer,
      jwksUri: this.jwksUri,
      apiEndpoint: `${this.url}/`,
      ...(redirectUri !== undefined ? { redirectUri } : {}),
      ...(logoutUri !== undefined ? { logoutUri } : {}),
    };
  }

  /** Endpoint, region and dummy credentials for the AWS SDK's Cognito client. */
  sdkConfig(): LocalSdkConfig {
    return { endpoint: this.url, region: this.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
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

  /**
   * Real tokens, as after a hosted-UI sign-in, with a working refresh token. Always includes an
   * ID token. The pool's pre token generation trigger runs (TokenGeneration_HostedAuth); when it
   * fails, this throws with Cognito's message.
   */
  async issueTokens(input: IssueTokensInput): Promise<IssuedTokens> {
    const state = this.state;
    const user = state.directory.findUser(input.username);
    if (!user) throw new Error(`local-cognito: no user "${input.username}"`);
    const client = this.client(input.clientId, 'code');
    const originJti = randomUUID();
    const event = {
      username: user.username,
      clientId: client.clientId,
      scopes: input.scopes ?? [...client.scopes],
      authTime: Math.floor(state.now() / 1000),
      eventId: randomUUID(),
    };
    const groups = input.groups ?? user.groups;
    const customization = await runPreTokenGeneration(state, {
      triggerSource: 'TokenGeneration_HostedAuth',
      client,
      user,
      groups,
      scopes: event.scopes,
      clientMetadata: input.clientMetadata,
    });
    const tokens = await mintUserTokens(state, {
      user,
      client,
      event,
      originJti,
      nonce: input.nonce,
      idToken: true,
      groups,
      accessTokenValiditySeconds: input.accessTokenValiditySeconds,
      customization,
      extraClaims: input.claims,
    });
    const refresh = state.grants.createRefreshToken(event, originJti, client.refreshTokenValiditySeconds);
    return { access_token: tokens.accessToken, id_token: tokens.idToken!, refresh_token: refresh.token, token_type: 'Bearer', expires_in: tokens.expiresIn };
  }

  /** A client-credentials token; `scopes` are used as given (default: all of the client's custom scopes). A V3_0 trigger runs. */
  async issueClientToken(input: { clientId?: string; scopes?: string[]; clientMetadata?: Record<string, string> } = {}): Promise<IssuedClientToken> {
    const client = this.client(input.clientId, 'client_credentials');
    const scopes = input.scopes ?? client.scopes.filter((s) => this.state.directory.customScopes.has(s));
    const customization = await runPreTokenGeneration(this.state, {
      triggerSource: 'TokenGeneration_ClientCredentials',
      client,
      groups: [],
      scopes,
      clientMetadata: input.clientMetadata,
    });
    const tokens = await mintClientToken(this.state, client, scopes, customization);
    return { access_token: tokens.accessToken, token_type: 'Bearer', expires_in: tokens.expiresIn };
  }

  /** New signing keys; `keepOld` keeps the previous ones in the JWKS (tokens they signed stay valid). */
  async rotateKeys(options: { keepOld?: boolean } = {}): Promise<void> {
    await this.state.keys.rotate(options.keepOld ?? false);
  }

  /** The `kid`s in this pool's JWKS. */
  keyIds(): string[] {
    return this.state.keys.jwks().keys.map((key) => key.kid!);
  }

  hasClient(clientId: string): boolean {
    return this.state.directory.findClient(clientId) !== undefined;
  }

  /** A named client, or the pool's first client with the given flow. */
  private client(clientId: string | undefined, flow?: 'code' | 'client_credentials'): ClientRecord {
    const directory = this.state.directory;
    const client = clientId ? directory.findClient(clientId) : directory.allClients().find((c) => !flow || c.flows.includes(flow));
    if (!client) throw new Error(clientId ? `local-cognito: no app client "${clientId}" in pool ${this.userPoolId}` : `local-cognito: pool ${this.userPoolId} has no app client with the ${flow} flow`);
    return client;
  }
}
