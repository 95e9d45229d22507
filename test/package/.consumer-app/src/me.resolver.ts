import { UseGuards } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { Claims, CognitoGuard } from 'nest-cognito';

@Resolver()
export class MeResolver {
  @Query(() => String)
  @UseGuards(CognitoGuard)
  me(@Claims('username') username: string): string {
    return username;
  }
}
