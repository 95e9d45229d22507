import 'reflect-metadata';
import { verify as cryptoVerify, type KeyObject } from 'node:crypto';
import {
  Controller,
  Get,
  Inject,
  Injectable,
  Module,
  Req,
  UnauthorizedException,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
  type Type,
} from '@nestjs/common';
import { AuthGuard, PassportModule, PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import jwksRsa from 'jwks-rsa';
import { ExtractJwt, Strategy as PassportJwtStrategy } from 'passport-jwt';
import { Claims, CognitoGuard, CognitoModule, type CognitoAccessTokenClaims } from '../src/cognito/index.js';
import { bootApp } from '../test/apps/boot-app.js';
import { announceReady } from './child-server.js';
import { CLIENT_ID, ISSUER, MAIN_KID, POOL_ID, publicKeyFromJwk, readConfig, SESSION_SECRET } from './common.js';

/**
 * One of the HTTP contenders, in a process of its own: the demo's `GET /` answering `{ claims }`,
 * guarded by our CognitoGuard, by a stock passport-jwt guard, by a bare signature check (the
 * ceiling), or not at all, on Express or (`@fastify`) on Fastify. Prints `READY <port>`.
 */
// `cognito` runs on Express, `cognito@fastify` the same app on Fastify.
const [variant, platform = 'express'] = (process.argv[2] ?? '').split('@') as [string, 'express' | 'fastify' | undefined];
const config = readConfig();

@Controller()
@UseGuards(CognitoGuard)
class CognitoController {
  @Get()
  me(@Claims() claims: CognitoAccessTokenClaims) {
    return { claims };
  }
}

const cognitoOptions = { userPoolId: POOL_ID, clientId: CLIENT_ID, jwksUri: config.jwksUri };

@Module({ imports: [CognitoModule.forRoot(cognitoOptions)], controllers: [CognitoController] })
class CognitoApp {}

// The same guard with the revocation list on Redis: each request still checks it, in memory only.
@Module({ imports: [CognitoModule.forRoot({ ...cognitoOptions, redisUrl: process.env.BENCH_REDIS_URL })], controllers: [CognitoController] })
class CognitoRedisApp {}

// Session mode: the access token comes from the encrypted cookie (opened on each request), not a header.
@Module({
  // A localhost callback: plain-HTTP cookies, named as the orchestrator names its own.
  imports: [CognitoModule.forRoot({ ...cognitoOptions, redirectUri: 'http://localhost:3000/auth/callback', cookieSecret: SESSION_SECRET, session: true })],
  controllers: [CognitoController],
})
class CognitoSessionApp {}

@Injectable()
class StockJwtStrategy extends PassportStrategy(PassportJwtStrategy, 'jwt') {
  constructor() {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKeyProvider: jwksRsa.passportJwtSecret({ jwksUri: config.jwksUri, cache: true, rateLimit: true, jwksRequestsPerMinute: 10 }),
      issuer: ISSUER,
      algorithms: ['RS256'],
    });
  }

  validate(payload: Record<string, unknown>) {
    if (payload.token_use !== 'access' || payload.client_id !== CLIENT_ID) throw new UnauthorizedException();
    return payload;
  }
}

@Controller()
@UseGuards(AuthGuard('jwt'))
class PassportController {
  @Get()
  me(@Req() req: { user: unknown }) {
    return { claims: req.user };
  }
}

@Module({ imports: [PassportModule], providers: [StockJwtStrategy], controllers: [PassportController] })
class PassportApp {}

// The same answer without authentication: claims of the same size, decoded once, never verified.
const sampleClaims: unknown = JSON.parse(process.env.BENCH_SAMPLE_CLAIMS ?? '{}');

@Controller()
class UnguardedController {
  @Get()
  me() {
    return { claims: sampleClaims };
  }
}

@Module({ controllers: [UnguardedController] })
class UnguardedApp {}

// Reference: a guard that checks the RS256 signature and nothing else (no claims, no cache, no
// Passport). No verifier of distinct tokens can be faster: the ceiling for the distinct-token rows.
const SIGNATURE_KEY = Symbol('SIGNATURE_KEY');

@Injectable()
class SignatureOnlyGuard implements CanActivate {
  constructor(@Inject(SIGNATURE_KEY) private readonly key: KeyObject) {}

  canActivate(context: ExecutionContext): boolean {
    const token = String(context.switchToHttp().getRequest<Request>().headers.authorization).slice('Bearer '.length);
    const dot = token.lastIndexOf('.');
    if (!cryptoVerify('RSA-SHA256', Buffer.from(token.slice(0, dot)), this.key, Buffer.from(token.slice(dot + 1), 'base64url'))) {
      throw new UnauthorizedException();
    }
    return true;
  }
}

@Controller()
@UseGuards(SignatureOnlyGuard)
class SignatureOnlyController {
  @Get()
  me() {
    return { claims: sampleClaims };
  }
}

async function fetchSigningKey(): Promise<KeyObject> {
  const jwks = (await (await fetch(config.jwksUri)).json()) as { keys: Record<string, unknown>[] };
  return publicKeyFromJwk(jwks.keys.find((k) => k.kid === MAIN_KID)!);
}

@Module({
  providers: [SignatureOnlyGuard, { provide: SIGNATURE_KEY, useFactory: fetchSigningKey }],
  controllers: [SignatureOnlyController],
})
class SignatureOnlyApp {}

const apps: Record<string, Type> = {
  cognito: CognitoApp,
  'cognito-redis': CognitoRedisApp,
  session: CognitoSessionApp,
  passport: PassportApp,
  unguarded: UnguardedApp,
  'signature-only': SignatureOnlyApp,
};

async function main(): Promise<void> {
  const appModule = apps[variant];
  if (!appModule) throw new Error(`unknown server variant ${variant}`);
  const app = await bootApp([appModule], [], { platform });
  announceReady(app);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
