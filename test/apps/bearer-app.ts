import { Controller, Get, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { Claims, CognitoGuard, CognitoModule, Groups, Public, Scopes, type CognitoAccessTokenClaims, type CognitoModuleOptions } from '../../src/cognito/index.js';
import { UseGuards } from '@nestjs/common';

@Controller()
@UseGuards(CognitoGuard)
export class GuardedController {
  @Get('public')
  @Public()
  open() {
    return { ok: true };
  }

  @Get()
  me(@Claims() claims: CognitoAccessTokenClaims) {
    return { claims };
  }

  @Get('username')
  username(@Claims('username') username: string) {
    return { username };
  }

  @Get('admin')
  @Groups('admin')
  admin() {
    return { admin: true };
  }

  @Get('not-banned')
  @Groups({ noneOf: ['banned'] })
  notBanned() {
    return { ok: true };
  }

  @Get('staff-admin')
  @Groups({ allOf: ['staff', 'admin'] })
  staffAdmin() {
    return { ok: true };
  }

  @Get('orders')
  @Scopes('orders/read')
  orders() {
    return { orders: [] };
  }

  @Get('orders-all')
  @Scopes({ allOf: ['orders/read', 'orders/write'] })
  ordersAll() {
    return { ok: true };
  }
}

/** A small app with the guard on a controller, as a user would write it. */
export async function bootBearerApp(imports: DynamicModule[]): Promise<INestApplication> {
  @Module({ imports, controllers: [GuardedController] })
  class AppModule {}
  const app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
  await app.init();
  return app;
}

export function bootWithOptions(options: CognitoModuleOptions): Promise<INestApplication> {
  return bootBearerApp([CognitoModule.forRoot(options)]);
}
