import { Module, type INestApplication, type ModuleMetadata, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

/**
 * The one way tests boot an app: the given imports and controllers in a module of their own,
 * no logger, listening on 127.0.0.1 on a free port (supertest would otherwise listen on every
 * interface, once per request).
 */
export async function bootApp(imports: NonNullable<ModuleMetadata['imports']>, controllers: Type[]): Promise<INestApplication> {
  @Module({ imports, controllers })
  class AppModule {}
  const app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
  await app.listen(0, '127.0.0.1');
  return app;
}
