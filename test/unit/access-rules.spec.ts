import { describe, expect, it } from 'vitest';
import { groupsOf, scopesOf, toRule, unmetRule } from '../../src/cognito/bearer/access-rules.js';
import type { CognitoClaims } from '../../src/cognito/jwt/cognito-claims.interface.js';

const access = (extra: Record<string, unknown>) => ({ token_use: 'access', sub: 's', ...extra }) as unknown as CognitoClaims;

describe('access rules', () => {
  it('anyOf: holds with one of the names', () => {
    expect(unmetRule(['b'], { anyOf: ['a', 'b'] }, 'group')).toBeUndefined();
    expect(unmetRule([], { anyOf: ['a', 'b'] }, 'group')).toBe('requires group any of a, b');
    expect(unmetRule(['c'], { anyOf: ['a'] }, 'scope')).toBe('requires scope a');
  });

  it('allOf: names what is missing', () => {
    expect(unmetRule(['a', 'b'], { allOf: ['a', 'b'] }, 'group')).toBeUndefined();
    expect(unmetRule(['a'], { allOf: ['a', 'b', 'c'] }, 'group')).toBe('requires group a, b, c (missing b, c)');
  });

  it('noneOf: names what is forbidden', () => {
    expect(unmetRule(['a'], { noneOf: ['banned'] }, 'group')).toBeUndefined();
    expect(unmetRule(['banned', 'a'], { noneOf: ['banned'] }, 'group')).toBe('group banned is not allowed here');
  });

  it('every list given must hold, and empty lists hold', () => {
    const rule = { anyOf: ['a'], allOf: ['b'], noneOf: ['c'] };
    expect(unmetRule(['a', 'b'], rule, 'group')).toBeUndefined();
    expect(unmetRule(['a', 'b', 'c'], rule, 'group')).toMatch(/not allowed/);
    expect(unmetRule(['b'], rule, 'group')).toMatch(/requires group a/);
    expect(unmetRule([], {}, 'group')).toBeUndefined();
    expect(unmetRule([], { anyOf: [], allOf: [], noneOf: [] }, 'group')).toBeUndefined();
  });

  it('toRule: names mean any-of; one object is the rule; mixtures are refused', () => {
    expect(toRule(['a', 'b'])).toEqual({ anyOf: ['a', 'b'] });
    expect(toRule([{ allOf: ['a'] }])).toEqual({ allOf: ['a'] });
    expect(() => toRule(['a', { allOf: ['b'] }])).toThrow(TypeError);
  });

  it('groupsOf and scopesOf read the claims; id tokens carry no scopes', () => {
    expect(groupsOf(access({ 'cognito:groups': ['admin'] }))).toEqual(['admin']);
    expect(groupsOf(access({}))).toEqual([]);
    expect(scopesOf(access({ scope: 'openid orders/read' }))).toEqual(['openid', 'orders/read']);
    expect(scopesOf(access({}))).toEqual([]);
    expect(scopesOf({ token_use: 'id', scope: 'openid' } as unknown as CognitoClaims)).toEqual([]);
  });
});
