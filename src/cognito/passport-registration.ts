import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import passport from 'passport';
import { CognitoJwtStrategy } from './bearer/cognito-jwt.strategy.js';
import { COGNITO_JWT_STRATEGY_NAME, COGNITO_OAUTH_STRATEGY_NAME } from './cognito.constants.js';
import { CognitoOAuthStrategy } from './hosted-ui/cognito-oauth.strategy.js';

/**
 * Passport's strategy registry is process-wide, and the strategies' own names ('cognito-jwt',
 * 'cognito-oauth2') point at the last module started. Each module instance also registers its
 * strategies under names of its own, so two apps (or two pools) in one process can each be
 * reached through `AuthGuard(name)`, and removes them when its app closes.
 */
@Injectable()
export class PassportRegistration implements OnModuleDestroy {
  constructor(
    jwt: CognitoJwtStrategy,
    oauth: CognitoOAuthStrategy,
    @Inject(COGNITO_JWT_STRATEGY_NAME) private readonly jwtName: string,
    @Inject(COGNITO_OAUTH_STRATEGY_NAME) private readonly oauthName: string,
  ) {
    passport.use(jwtName, jwt);
    passport.use(oauthName, oauth);
  }

  onModuleDestroy(): void {
    passport.unuse(this.jwtName);
    passport.unuse(this.oauthName);
  }
}
