import { Controller, Get, UseGuards } from '@nestjs/common';
import { Claims, CognitoGuard, Groups, Public, type CognitoClaims } from './cognito/index.js';

/** The demo's routes: one open, one for any signed-in user, one for the `admin` group. */
@Controller()
@UseGuards(CognitoGuard)
export class AppController {
  @Get('public')
  @Public()
  public() {
    return { message: 'anyone can see this' };
  }

  @Get()
  me(@Claims() claims: CognitoClaims) {
    return { claims };
  }

  @Get('admin')
  @Groups('admin')
  admin(@Claims('username') username: string | undefined) {
    return { message: `welcome, admin ${username ?? ''}`.trim() };
  }
}
