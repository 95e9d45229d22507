import 'reflect-metadata';
import { Controller, Get, UseGuards } from '@nestjs/common';
import { Claims, CognitoGuard, CognitoModule } from '../src/cognito/index.js';
import { bootApp, type Platform } from '../test/apps/boot-app.js';
import { announceReady } from './child-server.js';
import { CLIENT_ID, POOL_ID } from './common.js';

/**
 * The app `npm run load` drives, in a process of its own: one route behind CognitoGuard, on the
 * platform given as the first argument. The JWKS is at LOAD_JWKS_URI. Prints `READY <port>`.
 */
const platform = (process.argv[2] ?? 'express') as Platform;
const jwksUri = process.env.LOAD_JWKS_URI;
if (!jwksUri) throw new Error('LOAD_JWKS_URI is not set: run `npm run load`, not this file');

@Controller()
@UseGuards(CognitoGuard)
class GuardedController {
  @Get()
  me(@Claims('sub') sub: string) {
    return { sub };
  }
}

async function main(): Promise<void> {
  const app = await bootApp([CognitoModule.forRoot({ userPoolId: POOL_ID, clientId: CLIENT_ID, jwksUri })], [GuardedController], { platform });
  announceReady(app);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
