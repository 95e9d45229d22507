import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { authRequestOf, wasGuarded } from '../bearer/auth-request.js';

/**
 * Injects the verified claims (`@Claims() claims: CognitoAccessTokenClaims`) or one claim
 * (`@Claims('email') email: string`), on HTTP, GraphQL and WebSocket handlers. Undefined on
 * `@Public()` and anonymous `@OptionalAuth()` calls. On a handler that no `CognitoGuard` protects
 * it throws, since it could never be anything but undefined there.
 */
export const Claims = createParamDecorator((claim: string | undefined, context: ExecutionContext) => {
  const req = authRequestOf(context);
  if (!wasGuarded(req)) {
    throw new Error(`@Claims() on ${context.getClass().name}.${context.getHandler().name}, which CognitoGuard does not protect: add @UseGuards(CognitoGuard) or the module's globalGuard`);
  }
  const user = req.user;
  if (user === undefined) return undefined;
  return claim === undefined ? user : (user as unknown as Record<string, unknown>)[claim];
});
