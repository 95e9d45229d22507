import { Module, type INestApplication, type ModuleMetadata, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';

export type Platform = 'express' | 'fastify';

/** The HTTP platform of this test run: vitest runs every e2e suite once per platform (vitest.config.ts). */
export const PLATFORM: Platform = process.env.TEST_PLATFORM === 'fastify' ? 'fastify' : 'express';

/**
 * The one way tests boot an app: the given imports and controllers in a module of their own, on
 * this run's platform, no logger, listening on 127.0.0.1 on a free port (supertest would otherwise
 * listen on every interface, once per request).
 */
export interface BootOptions {
  platform?: Platform;
  /** `app.setGlobalPrefix()`, e.g. `api`. */
  globalPrefix?: string;
  /** A fixed port, for apps whose own URL must be known before they start (a registered callback URL). */
  port?: number;
}

export async function bootApp(imports: NonNullable<ModuleMetadata['imports']>, controllers: Type[], boot: BootOptions = {}): Promise<INestApplication> {
  @Module({ imports, controllers })
  class AppModule {}
  const options = { logger: false as const, abortOnError: false };
  const platform = boot.platform ?? PLATFORM;
  const app = platform === 'fastify' ? await NestFactory.create(AppModule, new FastifyAdapter(), options) : await NestFactory.create(AppModule, options);
  if (boot.globalPrefix) app.setGlobalPrefix(boot.globalPrefix);
  await app.listen(boot.port ?? 0, '127.0.0.1');
  return app;
}
