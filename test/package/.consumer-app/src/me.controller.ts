import { Controller, Get, UseGuards } from '@nestjs/common';
import { Claims, CognitoGuard, type CognitoAccessTokenClaims } from 'nest-cognito';

@Controller('me')
@UseGuards(CognitoGuard)
export class MeController {
  @Get()
  me(@Claims() claims: CognitoAccessTokenClaims): { username: string | undefined } {
    return { username: claims.username };
  }
}
