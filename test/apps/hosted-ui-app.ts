import { Controller, Get, Module, UseGuards, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Claims, CognitoGuard, CognitoModule, Groups, Scopes, type CognitoClaims, type CognitoModuleOptions } from '../../src/cognito/index.js';

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
export async function bootHostedUiApp(options: CognitoModuleOptions): Promise<INestApplication> {
  @Module({ imports: [CognitoModule.forRoot(options)], controllers: [ProtectedController] })
  class AppModule {}
  const app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
  await app.init();
  return app;
}
