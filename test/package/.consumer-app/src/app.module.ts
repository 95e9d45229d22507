import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { CognitoModule, type CognitoModuleOptions } from 'nest-cognito';
import { MeController } from './me.controller.js';
import { MeGateway } from './me.gateway.js';
import { MeResolver } from './me.resolver.js';

@Module({})
export class AppModule {
  static forRoot(cognito: CognitoModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [CognitoModule.forRoot(cognito), GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, autoSchemaFile: true })],
      controllers: [MeController],
      providers: [MeResolver, MeGateway],
    };
  }
}
