import { Module, type INestApplication, type LoggerService, type ModuleMetadata, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { Platform } from '../../apps/boot-app.js';

/**
 * `bootApp` with a logger: the same module, platform choice and 127.0.0.1 listener, but Nest logs
 * to `logger` instead of nowhere, so a suite can read what the module (and Nest) printed.
 */
export async function bootLoggedApp(
  imports: NonNullable<ModuleMetadata['imports']>,
  controllers: Type[],
  boot: { platform: Platform; logger: LoggerService },
): Promise<INestApplication> {
  @Module({ imports, controllers })
  class AppModule {}
  const options = { logger: boot.logger, abortOnError: false };
  const app = boot.platform === 'fastify' ? await NestFactory.create(AppModule, new FastifyAdapter(), options) : await NestFactory.create(AppModule, options);
  await app.listen(0, '127.0.0.1');
  return app;
}
