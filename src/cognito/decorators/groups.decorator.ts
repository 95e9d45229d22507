import { SetMetadata } from '@nestjs/common';
import { toRule, type AccessRule } from '../bearer/access-rules.js';
import { GROUPS_KEY } from '../cognito.constants.js';

/**
 * Requires Cognito groups (`cognito:groups`). `@Groups('admin', 'ops')` means any of them;
 * `@Groups({ allOf: [...], noneOf: [...] })` for the other forms. On a class and a method,
 * both apply. Failure is a 403.
 */
export function Groups(...groups: string[]): MethodDecorator & ClassDecorator;
export function Groups(rule: AccessRule): MethodDecorator & ClassDecorator;
export function Groups(...args: Array<string | AccessRule>): MethodDecorator & ClassDecorator {
  return SetMetadata(GROUPS_KEY, toRule(args));
}
