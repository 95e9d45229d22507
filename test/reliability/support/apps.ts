import { Controller, Get, UseGuards, type INestApplication, type LoggerService } from '@nestjs/common';
import { Claims, CognitoGuard, CognitoModule, Groups, type CognitoModuleOptions } from '../../../src/cognito/index.js';
import type { Platform } from '../../apps/boot-app.js';
import { bootLoggedApp } from './boot-logged-app.js';

@Controller()
@UseGuards(CognitoGuard)
export class GuardedRoutes {
  @Get()
  me(@Claims('sub') sub: string) {
    return { sub };
  }

  @Get('admin')
  @Groups('admin')
  admin() {
    return { admin: true };
  }
}

/** The module (hosted-UI routes under /auth) and two guarded routes, logging to `logger`. */
export function bootCognitoApp(options: CognitoModuleOptions, platform: Platform, logger: LoggerService): Promise<INestApplication> {
  return bootLoggedApp([CognitoModule.forRoot(options)], [GuardedRoutes], { platform, logger });
}

export const PLATFORMS: readonly Platform[] = ['express', 'fastify'];
