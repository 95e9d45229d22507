import { readFileSync } from 'node:fs';
import { EXPLICIT_AUTH_FLOWS, RESERVED_SCOPES, type LocalPoolConfig, type LocalResourceServer, type LocalUser } from './pool.js';

/** Thrown for a pool that Cognito would not accept; lists every bad field. */
export class PoolConfigError extends Error {
  constructor(readonly problems: string[], source = 'pool') {
    super(`Invalid local-cognito ${source}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'PoolConfigError';
  }
}

const STANDARD_ATTRIBUTES = new Set([
  'address', 'birthdate', 'email', 'email_verified', 'family_name', 'gender', 'given_name', 'locale',
  'middle_name', 'name', 'nickname', 'phone_number', 'phone_number_verified', 'picture',
  'preferred_username', 'profile', 'updated_at', 'website', 'zoneinfo',
]);
const FLOWS = new Set(['code', 'client_credentials']);
const USER_KEYS = new Set(['username', 'password', 'sub', 'confirmed', 'groups', 'attributes']);
const CLIENT_KEYS = new Set([
  'clientId', 'clientSecret', 'callbackUrls', 'logoutUrls', 'allowedOAuthFlows', 'allowedOAuthScopes',
  'accessTokenValiditySeconds', 'idTokenValiditySeconds', 'refreshTokenValiditySeconds',
  'refreshTokenRotation', 'retryGracePeriodSeconds', 'explicitAuthFlows', 'preventUserExistenceErrors',
]);
const POOL_KEYS = new Set(['userPoolId', 'region', 'issuerFormat', 'preTokenGeneration', 'users', 'clients', 'resourceServers', '$schema', 'description']);
const LAMBDA_VERSIONS = new Set(['V1_0', 'V2_0', 'V3_0']);

/** Reads and validates a pool JSON file. */
export function loadPoolFile(path: string): LocalPoolConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PoolConfigError([`cannot read file: ${(error as Error).message}`], `pool file ${path}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new PoolConfigError([`not valid JSON: ${(error as Error).message}`], `pool file ${path}`);
  }
  validatePool(parsed, `pool file ${path}`);
  return parsed;
}

/** Checks the whole pool at once so the user fixes the file in one go. */
export function validatePool(value: unknown, source = 'pool'): asserts value is LocalPoolConfig {
  const problems: string[] = [];
  if (!isObject(value)) throw new PoolConfigError(['the pool must be a JSON object'], source);
  unknownKeys(value, POOL_KEYS, '', problems);
  optionalString(value, 'userPoolId', '', problems, /^[\w-]+_[0-9a-zA-Z]+$/, 'like "local_LocalPool1" ({region}_{id})');
  optionalString(value, 'region', '', problems, /^[\w-]+$/, 'letters, digits, "-" or "_"');
  if (value.issuerFormat !== undefined && value.issuerFormat !== 'original' && value.issuerFormat !== 'updated') {
    problems.push('issuerFormat: must be "original" or "updated"');
  }
  checkPreTokenGeneration(value.preTokenGeneration, problems);

  const servers = arrayOf(value, 'resourceServers', '', problems);
  const customScopes = new Set<string>();
  servers.forEach((server, i) => checkResourceServer(server, `resourceServers[${i}]`, problems, customScopes));

  const clients = arrayOf(value, 'clients', '', problems, true);
  const clientIds = new Set<string>();
  clients.forEach((client, i) => {
    const at = `clients[${i}]`;
    checkClient(client, at, problems, customScopes);
    if (isObject(client) && typeof client.clientId === 'string') {
      if (clientIds.has(client.clientId)) problems.push(`${at}.clientId: duplicate "${client.clientId}"`);
      clientIds.add(client.clientId);
    }
  });

  const users = arrayOf(value, 'users', '', problems);
  const names = new Set<string>();
  users.forEach((user, i) => {
    const at = `users[${i}]`;
    collectUserProblems(user, at, problems);
    if (isObject(user) && typeof user.username === 'string') {
      const key = user.username.toLowerCase();
      if (names.has(key)) problems.push(`${at}.username: duplicate "${user.username}" (usernames are case-insensitive)`);
      names.add(key);
    }
  });
  if (problems.length) throw new PoolConfigError(problems, source);
}

/** Validates one user, e.g. before `addUser`. */
export function validateUser(value: unknown, source = 'user'): asserts value is LocalUser {
  const problems: string[] = [];
  collectUserProblems(value, source, problems);
  if (problems.length) throw new PoolConfigError(problems, source);
}

function collectUserProblems(user: unknown, at: string, problems: string[]): void {
  if (!isObject(user)) {
    problems.push(`${at}: must be an object`);
    return;
  }
  unknownKeys(user, USER_KEYS, at, problems);
  requiredString(user, 'username', at, problems, /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u, '1–128 characters without spaces');
  requiredString(user, 'password', at, problems, /^.{6,256}$/su, 'at least 6 characters');
  optionalString(user, 'sub', at, problems, /^[\w-]{1,128}$/, 'letters, digits, "-" or "_"');
  if (user.confirmed !== undefined && typeof user.confirmed !== 'boolean') problems.push(`${at}.confirmed: must be true or false`);
  stringArray(user, 'groups', at, problems, /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u);
  if (user.attributes === undefined) return;
  if (!isObject(user.attributes)) {
    problems.push(`${at}.attributes: must be an object`);
    return;
  }
  for (const [name, attr] of Object.entries(user.attributes)) {
    const field = `${at}.attributes["${name}"]`;
    if (name === 'sub') problems.push(`${field}: set "sub" on the user, not as an attribute`);
    else if (!STANDARD_ATTRIBUTES.has(name) && !/^custom:[\w.-]{1,20}$/.test(name)) {
      problems.push(`${field}: unknown attribute; use a standard OIDC attribute or "custom:<name>"`);
    }
    if (typeof attr === 'boolean') {
      if (!name.endsWith('_verified')) problems.push(`${field}: must be a string (booleans only for *_verified)`);
    } else if (typeof attr !== 'string') problems.push(`${field}: must be a string`);
    else if (name.endsWith('_verified') && attr !== 'true' && attr !== 'false') problems.push(`${field}: must be true or false`);
  }
}

function checkPreTokenGeneration(trigger: unknown, problems: string[]): void {
  if (trigger === undefined) return;
  if (!isObject(trigger)) {
    problems.push('preTokenGeneration: must be an object { lambdaVersion, handler }');
    return;
  }
  unknownKeys(trigger, new Set(['lambdaVersion', 'handler']), 'preTokenGeneration', problems);
  if (typeof trigger.lambdaVersion !== 'string' || !LAMBDA_VERSIONS.has(trigger.lambdaVersion)) {
    problems.push('preTokenGeneration.lambdaVersion: must be "V1_0", "V2_0" or "V3_0"');
  }
  const handler = trigger.handler;
  if (typeof handler !== 'function' && (typeof handler !== 'string' || handler.trim() === '')) {
    problems.push('preTokenGeneration.handler: must be a function, or the path of a module (optionally "#exportName")');
  }
}

function checkResourceServer(server: unknown, at: string, problems: string[], customScopes: Set<string>): void {
  if (!isObject(server)) {
    problems.push(`${at}: must be an object`);
    return;
  }
  unknownKeys(server, new Set<keyof LocalResourceServer>(['identifier', 'scopes', 'name']), at, problems);
  requiredString(server, 'identifier', at, problems, /^[\x21\x23-\x5b\x5d-\x7e]{1,256}$/, 'printable characters without spaces, quotes or backslashes');
  optionalString(server, 'name', at, problems);
  const scopes = stringArray(server, 'scopes', at, problems, /^[\x21\x23-\x2e\x30-\x5b\x5d-\x7e]{1,256}$/, true);
  if (typeof server.identifier === 'string') for (const scope of scopes) customScopes.add(`${server.identifier}/${scope}`);
}

function checkClient(client: unknown, at: string, problems: string[], customScopes: Set<string>): void {
  if (!isObject(client)) {
    problems.push(`${at}: must be an object`);
    return;
  }
  unknownKeys(client, CLIENT_KEYS, at, problems);
  requiredString(client, 'clientId', at, problems, /^[\w+]{1,128}$/, 'letters, digits, "_" or "+"');
  optionalString(client, 'clientSecret', at, problems, /^[\w+=/-]{1,256}$/, 'letters, digits and "_+=/-"');
  for (const key of ['callbackUrls', 'logoutUrls'] as const) {
    stringArray(client, key, at, problems).forEach((url, i) => {
      const problem = redirectUrlProblem(url);
      if (problem) problems.push(`${at}.${key}[${i}]: ${problem}`);
    });
  }
  const flows = stringArray(client, 'allowedOAuthFlows', at, problems);
  flows.forEach((flow, i) => {
    if (!FLOWS.has(flow)) problems.push(`${at}.allowedOAuthFlows[${i}]: must be "code" or "client_credentials"`);
  });
  const m2m = flows.includes('client_credentials');
  if (m2m && flows.includes('code')) problems.push(`${at}.allowedOAuthFlows: "client_credentials" cannot be combined with "code"`);
  if (m2m && typeof client.clientSecret !== 'string') problems.push(`${at}.clientSecret: required for "client_credentials"`);
  const scopes = stringArray(client, 'allowedOAuthScopes', at, problems);
  scopes.forEach((scope, i) => {
    const field = `${at}.allowedOAuthScopes[${i}]`;
    const reserved = (RESERVED_SCOPES as readonly string[]).includes(scope);
    if (!reserved && !customScopes.has(scope)) problems.push(`${field}: "${scope}" is neither a reserved scope nor defined by a resource server`);
    if (reserved && m2m) problems.push(`${field}: a "client_credentials" client can only have resource-server scopes`);
  });
  for (const key of ['accessTokenValiditySeconds', 'idTokenValiditySeconds'] as const) {
    integerIn(client, key, at, problems, 300, 86_400);
  }
  integerIn(client, 'refreshTokenValiditySeconds', at, problems, 3_600, 315_360_000);
  integerIn(client, 'retryGracePeriodSeconds', at, problems, 0, 60);
  for (const key of ['refreshTokenRotation', 'preventUserExistenceErrors'] as const) {
    if (client[key] !== undefined && typeof client[key] !== 'boolean') problems.push(`${at}.${key}: must be true or false`);
  }
  stringArray(client, 'explicitAuthFlows', at, problems).forEach((flow, i) => {
    if (!(EXPLICIT_AUTH_FLOWS as readonly string[]).includes(flow)) problems.push(`${at}.explicitAuthFlows[${i}]: must be one of ${EXPLICIT_AUTH_FLOWS.join(', ')}`);
  });
}

/** Cognito's rule: absolute, no fragment, HTTPS unless localhost; custom app schemes allowed. */
export function redirectUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not an absolute URL`;
  }
  if (parsed.hash || url.includes('#')) return `"${url}" must not contain a fragment`;
  const local = parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1' || parsed.hostname === '[::1]';
  if (parsed.protocol === 'http:' && !local) return `"${url}" must use https (http is only allowed for localhost)`;
  if (parsed.protocol === 'javascript:' || parsed.protocol === 'data:') return `"${url}" uses a forbidden scheme`;
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(obj: Record<string, unknown>, known: Set<string>, at: string, problems: string[]): void {
  for (const key of Object.keys(obj)) {
    if (!known.has(key)) problems.push(`${at ? `${at}.` : ''}${key}: unknown field (expected one of ${[...known].join(', ')})`);
  }
}

function requiredString(obj: Record<string, unknown>, key: string, at: string, problems: string[], pattern?: RegExp, hint?: string): void {
  if (obj[key] === undefined) problems.push(`${at}.${key}: required`);
  else optionalString(obj, key, at, problems, pattern, hint);
}

function optionalString(obj: Record<string, unknown>, key: string, at: string, problems: string[], pattern?: RegExp, hint?: string): void {
  const value = obj[key];
  const field = at ? `${at}.${key}` : key;
  if (value === undefined) return;
  if (typeof value !== 'string') problems.push(`${field}: must be a string`);
  else if (pattern && !pattern.test(value)) problems.push(`${field}: invalid value${hint ? ` (${hint})` : ''}`);
}

function arrayOf(obj: Record<string, unknown>, key: string, at: string, problems: string[], required = false): unknown[] {
  const value = obj[key];
  const field = at ? `${at}.${key}` : key;
  if (value === undefined) {
    if (required) problems.push(`${field}: required`);
    return [];
  }
  if (!Array.isArray(value)) {
    problems.push(`${field}: must be an array`);
    return [];
  }
  return value;
}

function stringArray(obj: Record<string, unknown>, key: string, at: string, problems: string[], pattern?: RegExp, required = false): string[] {
  const items = arrayOf(obj, key, at, problems, required);
  const strings: string[] = [];
  items.forEach((item, i) => {
    if (typeof item !== 'string') problems.push(`${at}.${key}[${i}]: must be a string`);
    else if (pattern && !pattern.test(item)) problems.push(`${at}.${key}[${i}]: invalid value "${item}"`);
    else strings.push(item);
  });
  return strings;
}

function integerIn(obj: Record<string, unknown>, key: string, at: string, problems: string[], min: number, max: number): void {
  const value = obj[key];
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.push(`${at}.${key}: must be an integer from ${min} to ${max}`);
  }
}
