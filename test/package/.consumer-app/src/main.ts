import 'reflect-metadata';
import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { LocalCognitoSettings } from 'nest-cognito/local';
import { AppModule } from './app.module.js';

// node dist/main.js express|fastify, with the pool's settings (LocalCognito.settingsFor) in COGNITO_SETTINGS.
const platform = process.argv[2];
const settings = JSON.parse(process.env['COGNITO_SETTINGS'] ?? '') as LocalCognitoSettings;
const module = AppModule.forRoot({ ...settings, redirectUri: 'http://127.0.0.1/auth/callback' });
const options: NestApplicationOptions = { logger: ['error', 'warn'] };

const app: INestApplication =
  platform === 'fastify' ? await NestFactory.create(module, new FastifyAdapter(), options) : await NestFactory.create(module, options);
app.enableShutdownHooks();
await app.listen(0, '127.0.0.1');
console.log(`listening on ${await app.getUrl()}`);
