import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { CognitoConfigError } from './cognito/index.js';
import { demoConfig } from './demo-config.js';

async function main(): Promise<void> {
  // Settings may live in a git-ignored .env (see .env.example); real environment variables win.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = await demoConfig();
  const app = await NestFactory.create(AppModule.register(config.cognito));
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const url = `http://localhost:${config.port}`;
  const logger = new Logger('Demo');
  if (config.local) {
    logger.log(`Local Cognito (embedded) at ${config.local.url}, pool ${config.local.userPoolId}`);
    logger.log(`Sign in: open ${url}/auth/sign-in and use alice / Alice-Passw0rd! (group admin) or bob / Bob-Passw0rd!`);
  } else {
    logger.log(`Using the user pool ${config.cognito.userPoolId}`);
  }
  logger.log(`Routes: GET ${url}/public, GET ${url}/ (bearer token), GET ${url}/admin (group admin)`);
  const stopLocal = () => void config.local?.stop();
  process.once('SIGINT', stopLocal);
  process.once('SIGTERM', stopLocal);
}

main().catch((error: unknown) => {
  // A bad setting gets its message, not a stack trace.
  const message = error instanceof CognitoConfigError ? error.message : error instanceof Error ? error.message : String(error);
  console.error(`Cannot start the demo: ${message}`);
  process.exit(1);
});
