import { Controller, Get, UseGuards, type INestApplication } from '@nestjs/common';
import { Claims, CognitoGuard, CognitoModule, Groups, Scopes, type CognitoClaims, type CognitoModuleOptions } from '../../src/cognito/index.js';
import { bootApp, type BootOptions } from './boot-app.js';

@Controller()
@UseGuards(CognitoGuard)
class ProtectedController {
  @Get()
  me(@Claims() claims: CognitoClaims) {
    return { claims };
  }

  @Get('admin')
  @Groups('admin')
  admin() {
    return { admin: true };
  }

  @Get('reports')
  @Scopes('demo-api/read')
  reports() {
    return { reports: [] };
  }
}

/** An app with the hosted-UI routes (under /auth) and a few guarded routes, on the given options. */
export function bootHostedUiApp(options: CognitoModuleOptions, boot: BootOptions = {}): Promise<INestApplication> {
  return bootApp([CognitoModule.forRoot(options)], [ProtectedController], boot);
}
