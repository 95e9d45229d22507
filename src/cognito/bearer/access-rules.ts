import type { CognitoClaims } from '../jwt/cognito-claims.interface.js';

/** Group or scope requirements; every list given must hold. */
export interface AccessRule {
  /** At least one of these. */
  anyOf?: readonly string[];
  /** Every one of these. */
  allOf?: readonly string[];
  /** None of these. */
  noneOf?: readonly string[];
}

/** Why a rule failed, for the 403 body; undefined when it holds. */
export function unmetRule(have: readonly string[], rule: AccessRule, what: 'group' | 'scope'): string | undefined {
  if (rule.anyOf?.length && !rule.anyOf.some((name) => have.includes(name))) {
    return `requires ${what} ${rule.anyOf.length > 1 ? 'any of ' : ''}${rule.anyOf.join(', ')}`;
  }
  const missing = rule.allOf?.filter((name) => !have.includes(name));
  if (missing?.length) return `requires ${what} ${rule.allOf!.join(', ')} (missing ${missing.join(', ')})`;
  const forbidden = rule.noneOf?.filter((name) => have.includes(name));
  if (forbidden?.length) return `${what} ${forbidden.join(', ')} is not allowed here`;
  return undefined;
}

export const groupsOf = (claims: CognitoClaims): readonly string[] => claims['cognito:groups'] ?? [];

export const scopesOf = (claims: CognitoClaims): readonly string[] =>
  claims.token_use === 'access' && claims.scope ? claims.scope.split(' ') : [];

/** The decorators' arguments as a rule: names mean any-of. */
export function toRule(args: Array<string | AccessRule>): AccessRule {
  if (args.length === 1 && typeof args[0] === 'object') return args[0];
  if (!args.every((arg) => typeof arg === 'string')) throw new TypeError('pass names, or one { anyOf, allOf, noneOf } rule');
  return { anyOf: args as string[] };
}
