import { Controller, Get, UseGuards, type INestApplication, type ModuleMetadata, type Type } from '@nestjs/common';
import { Claims, CognitoGuard, CognitoModule, Groups, Public, Scopes, type CognitoAccessTokenClaims, type CognitoModuleOptions } from '../../src/cognito/index.js';
import { bootApp } from './boot-app.js';

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

/** For `globalGuard: true`: no `@UseGuards`, so only the global guard protects these routes. */
@Controller('global')
export class GlobalGuardController {
  @Get('open')
  @Public()
  open() {
    return { open: true };
  }

  @Get('me')
  me(@Claims('sub') sub: string) {
    return { sub };
  }

  @Get('admin')
  @Groups('admin')
  admin() {
    return { admin: true };
  }
}

/** `@Public()` on the class: every route of it passes the global guard. */
@Controller('open-class')
@Public()
export class PublicController {
  @Get()
  index() {
    return { open: true };
  }

  @Get('claims')
  claims(@Claims() claims: unknown) {
    return { claims: claims ?? null };
  }
}

/** A small app with the guard on a controller, as a user would write it. */
export function bootBearerApp(imports: NonNullable<ModuleMetadata['imports']>, controllers: Type[] = [GuardedController]): Promise<INestApplication> {
  return bootApp(imports, controllers);
}

export function bootWithOptions(options: CognitoModuleOptions): Promise<INestApplication> {
  return bootBearerApp([CognitoModule.forRoot(options)]);
}
