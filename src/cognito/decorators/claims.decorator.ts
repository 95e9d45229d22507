import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CognitoClaims } from '../jwt/cognito-claims.interface.js';

/**
 * Injects the verified claims (`@Claims() claims: CognitoAccessTokenClaims`) or one claim
 * (`@Claims('email') email: string`). Use behind `CognitoGuard`.
 */
export const Claims = createParamDecorator((claim: string | undefined, context: ExecutionContext) => {
  const user = context.switchToHttp().getRequest<{ user?: CognitoClaims }>().user;
  if (user === undefined) return undefined;
  return claim === undefined ? user : (user as unknown as Record<string, unknown>)[claim];
});
