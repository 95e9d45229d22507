import { SetMetadata } from '@nestjs/common';
import { toRule, type AccessRule } from '../bearer/access-rules.js';
import { SCOPES_KEY } from '../cognito.constants.js';

/**
 * Requires OAuth scopes on the access token's `scope` claim, such as resource-server scopes of
 * M2M tokens. `@Scopes('orders/read', 'orders/admin')` means any of them; `@Scopes({ allOf: [...] })`
 * for all of them. On a class and a method, both apply. Failure is a 403 `insufficient_scope`.
 */
export function Scopes(...scopes: string[]): MethodDecorator & ClassDecorator;
export function Scopes(rule: AccessRule): MethodDecorator & ClassDecorator;
export function Scopes(...args: Array<string | AccessRule>): MethodDecorator & ClassDecorator {
  return SetMetadata(SCOPES_KEY, toRule(args));
}
