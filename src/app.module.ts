import { Module, type DynamicModule } from '@nestjs/common';
import { AppController } from './app.controller.js';
import { CognitoModule, type CognitoModuleOptions } from './cognito/index.js';

/** The demo service: the module, its hosted-UI routes under /auth, and AppController. */
@Module({})
export class AppModule {
  static register(cognito: CognitoModuleOptions): DynamicModule {
    return { module: AppModule, imports: [CognitoModule.forRoot(cognito)], controllers: [AppController] };
  }
}
