import { SetMetadata } from '@nestjs/common';
import { IS_PUBLIC_KEY } from '../cognito.constants.js';

/** Lets a route (or a whole controller) through `CognitoGuard`, for the global-guard mode. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);
