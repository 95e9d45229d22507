import { UseGuards } from '@nestjs/common';
import { SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { Claims, CognitoGuard } from 'nest-cognito';

@WebSocketGateway()
export class MeGateway {
  @SubscribeMessage('whoami')
  @UseGuards(CognitoGuard)
  whoami(@Claims('username') username: string): string {
    return username;
  }
}
