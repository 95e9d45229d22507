import { SetMetadata } from '@nestjs/common';
import { OPTIONAL_AUTH_KEY } from '../cognito.constants.js';

/**
 * Lets anonymous callers through `CognitoGuard` while callers with credentials get their claims:
 * no token (and no session cookie) passes with `@Claims()` undefined; a valid token passes with its
 * claims; a token that is present but invalid is still a 401. A route that also asks for
 * `@Groups()` or `@Scopes()` needs a token.
 */
export const OptionalAuth = () => SetMetadata(OPTIONAL_AUTH_KEY, true);
