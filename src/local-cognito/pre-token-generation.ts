/**
 * The pre token generation trigger, run in-process. Event and response follow Cognito's:
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html
 */
import type { ProviderContext } from './context.js';
import type { ClientRecord, UserRecord } from './directory.js';
import type {
  ClaimValue,
  GroupOverrideDetails,
  PreTokenGenerationEvent,
  PreTokenGenerationTriggerSource,
} from './pool.js';
import { TriggerError } from './trigger-error.js';

/** What the trigger asked for, checked and ready to apply when the tokens are signed. */
export interface TokenCustomization {
  idToken: ClaimChanges;
  /** Empty for V1_0, which customizes only the ID token (groups apart). */
  accessToken: ClaimChanges & { scopesToAdd: string[]; scopesToSuppress: string[] };
  /** Undefined: groups unchanged. Null: group claims suppressed. */
  groups?: { groups: string[]; roles: string[]; preferredRole?: string } | null;
}

export interface ClaimChanges {
  add: Record<string, ClaimValue>;
  suppress: string[];
}

export interface TriggerInput {
  triggerSource: PreTokenGenerationTriggerSource;
  client: ClientRecord;
  /** Absent for client credentials. */
  user?: UserRecord;
  groups: string[];
  scopes: string[];
  clientMetadata?: Record<string, string>;
}

/**
 * Claims Cognito sets itself. The 2023 developer guide lists acr, amr, aud, at_hash, auth_time,
 * azp, cognito:username, exp, iat, identities, iss, jti, nbf, nonce, origin_jti, sub and
 * token_use as claims "you can not modify"; the current guide's excluded-claims table adds the
 * access token's own claims (client_id, scope, username, version, device_key) and event_id.
 */
const COGNITO_CLAIMS = new Set([
  'acr', 'amr', 'at_hash', 'aud', 'auth_time', 'azp', 'client_id', 'cognito:username', 'device_key', 'event_id', 'exp', 'iat',
  'identities', 'iss', 'jti', 'nbf', 'nonce', 'origin_jti', 'sub', 'token_use',
]);
const ACCESS_TOKEN_CLAIMS = new Set(['username', 'version']);
const GROUP_CLAIMS = new Set(['cognito:groups', 'cognito:roles', 'cognito:preferred_role']);

const EVENT_VERSION = { V1_0: '1', V2_0: '2', V3_0: '3' } as const;

/** Runs the pool's trigger, if any applies; throws TriggerError as Cognito fails the request. */
export async function runPreTokenGeneration(ctx: ProviderContext, input: TriggerInput): Promise<TokenCustomization | undefined> {
  const trigger = ctx.preTokenGeneration;
  if (!trigger) return undefined;
  // Only V3_0 events are sent for machine-to-machine tokens.
  if (input.triggerSource === 'TokenGeneration_ClientCredentials' && trigger.lambdaVersion !== 'V3_0') return undefined;
  const v1 = trigger.lambdaVersion === 'V1_0';
  const event: PreTokenGenerationEvent = {
    version: EVENT_VERSION[trigger.lambdaVersion],
    triggerSource: input.triggerSource,
    region: ctx.region,
    userPoolId: ctx.userPoolId,
    userName: input.user?.username ?? input.client.clientId,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: input.client.clientId },
    request: {
      userAttributes: input.user ? { sub: input.user.sub, ...input.user.attributes, 'cognito:user_status': 'CONFIRMED' } : {},
      groupConfiguration: { groupsToOverride: [...input.groups], iamRolesToOverride: [], preferredRole: null },
      ...(v1 ? {} : { scopes: [...input.scopes] }),
      ...(input.clientMetadata ? { clientMetadata: { ...input.clientMetadata } } : {}),
    },
    response: v1 ? { claimsOverrideDetails: null } : { claimsAndScopeOverrideDetails: null },
  };

  let result: unknown;
  try {
    result = await trigger.handler(structuredClone(event));
  } catch (error) {
    throw new TriggerError('failed', `PreTokenGeneration failed with error ${(error as Error)?.message ?? String(error)}.`);
  }
  if (!isObject(result) || !isObject(result.response)) throw invalid('the handler must return the event, with its response');
  return v1 ? fromV1(result.response.claimsOverrideDetails) : fromV2(result.response.claimsAndScopeOverrideDetails);
}

function fromV1(details: unknown): TokenCustomization {
  const none = emptyCustomization();
  if (details === undefined || details === null) return none;
  if (!isObject(details)) throw invalid('claimsOverrideDetails must be an object');
  return {
    ...none,
    idToken: claimChanges(details, 'claimsOverrideDetails', 'id', true),
    groups: groupOverride(details, 'claimsOverrideDetails'),
  };
}

function fromV2(details: unknown): TokenCustomization {
  const none = emptyCustomization();
  if (details === undefined || details === null) return none;
  if (!isObject(details)) throw invalid('claimsAndScopeOverrideDetails must be an object');
  const id = optionalObject(details.idTokenGeneration, 'idTokenGeneration');
  const access = optionalObject(details.accessTokenGeneration, 'accessTokenGeneration');
  return {
    idToken: id ? claimChanges(id, 'idTokenGeneration', 'id', false) : none.idToken,
    accessToken: access
      ? { ...claimChanges(access, 'accessTokenGeneration', 'access', false), scopesToAdd: scopeList(access, 'scopesToAdd'), scopesToSuppress: scopeList(access, 'scopesToSuppress') }
      : none.accessToken,
    groups: groupOverride(details, 'claimsAndScopeOverrideDetails'),
  };
}

function claimChanges(details: Record<string, unknown>, at: string, token: 'id' | 'access', stringsOnly: boolean): ClaimChanges {
  const add = optionalObject(details.claimsToAddOrOverride, `${at}.claimsToAddOrOverride`) ?? {};
  for (const [name, value] of Object.entries(add)) {
    refuseCognitoClaim(name, token, 'add or override');
    if (stringsOnly ? typeof value !== 'string' : !isClaimValue(value)) {
      throw invalid(`${at}.claimsToAddOrOverride["${name}"] must be ${stringsOnly ? 'a string (V1_0 events take strings only)' : 'a string, number, boolean, array or object'}`);
    }
  }
  const suppress = stringList(details.claimsToSuppress, `${at}.claimsToSuppress`);
  for (const name of suppress) refuseCognitoClaim(name, token, 'suppress');
  return { add: add as Record<string, ClaimValue>, suppress };
}

function refuseCognitoClaim(name: string, token: 'id' | 'access', action: string): void {
  if (COGNITO_CLAIMS.has(name) || (token === 'access' && ACCESS_TOKEN_CLAIMS.has(name))) {
    throw invalid(`cannot ${action} the claim "${name}" in the ${token} token; Amazon Cognito sets it`);
  }
  if (GROUP_CLAIMS.has(name)) throw invalid(`cannot ${action} the claim "${name}" directly; use groupOverrideDetails`);
  if (name === 'scope') throw invalid(`cannot ${action} the claim "scope" directly; use scopesToAdd and scopesToSuppress`);
}

/**
 * Cognito replaces the groups with the object given; "an empty or null object" suppresses them.
 * A response without the field leaves them as they are.
 */
function groupOverride(details: Record<string, unknown>, at: string): TokenCustomization['groups'] {
  if (!('groupOverrideDetails' in details) || details.groupOverrideDetails === undefined) return undefined;
  const group = details.groupOverrideDetails;
  if (group === null) return null;
  if (!isObject(group)) throw invalid(`${at}.groupOverrideDetails must be an object`);
  const value = group as GroupOverrideDetails;
  const groups = stringList(value.groupsToOverride, `${at}.groupOverrideDetails.groupsToOverride`);
  const roles = stringList(value.iamRolesToOverride, `${at}.groupOverrideDetails.iamRolesToOverride`);
  if (value.preferredRole !== undefined && value.preferredRole !== null && typeof value.preferredRole !== 'string') {
    throw invalid(`${at}.groupOverrideDetails.preferredRole must be a string`);
  }
  if (!groups.length && !roles.length && !value.preferredRole) return null;
  return { groups, roles, ...(value.preferredRole ? { preferredRole: value.preferredRole } : {}) };
}

function scopeList(details: Record<string, unknown>, key: 'scopesToAdd' | 'scopesToSuppress'): string[] {
  const scopes = stringList(details[key], `accessTokenGeneration.${key}`);
  const bad = scopes.find((scope) => !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope));
  if (bad !== undefined) throw invalid(`accessTokenGeneration.${key}: "${bad}" is not a valid scope`);
  return scopes;
}

function emptyCustomization(): TokenCustomization {
  return { idToken: { add: {}, suppress: [] }, accessToken: { add: {}, suppress: [], scopesToAdd: [], scopesToSuppress: [] } };
}

function stringList(value: unknown, at: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw invalid(`${at} must be an array of strings`);
  return value as string[];
}

function optionalObject(value: unknown, at: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalid(`${at} must be an object`);
  return value;
}

function isClaimValue(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isClaimValue);
  return isObject(value) && Object.values(value).every(isClaimValue);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(detail: string): TriggerError {
  return new TriggerError('invalid-response', `Invalid lambda function output : ${detail}`);
}
