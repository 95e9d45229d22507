import { Controller, Get, Req, UseGuards, type INestApplication } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COGNITO_JWT_STRATEGY, CognitoModule } from '../src/cognito/index.js';
import { bootBearerApp } from './apps/bearer-app.js';
import { TestIssuer } from './support/test-issuer.js';

@Controller('stock')
@UseGuards(AuthGuard(COGNITO_JWT_STRATEGY))
class StockGuardController {
  @Get()
  me(@Req() req: { user: { username: string; token_use: string } }) {
    return { username: req.user.username, tokenUse: req.user.token_use };
  }
}

/** The strategy is a real Passport strategy: @nestjs/passport's own AuthGuard('cognito-jwt') drives it. */
describe("AuthGuard('cognito-jwt') from @nestjs/passport", () => {
  let issuer: TestIssuer;
  let app: INestApplication;
  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await bootBearerApp([CognitoModule.forRoot(issuer.moduleOptions())], [StockGuardController]);
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.stop();
  });

  it('a valid token: the verified claims are req.user', async () => {
    const res = await request(app.getHttpServer()).get('/stock').set('Authorization', `Bearer ${await issuer.accessToken()}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ username: 'alice', tokenUse: 'access' });
  });

  it('no token, a bad token, an id token: 401 from AuthGuard', async () => {
    const server = app.getHttpServer();
    await request(server).get('/stock').expect(401);
    await request(server).get('/stock').set('Authorization', 'Bearer not.a.token').expect(401);
    await request(server).get('/stock').set('Authorization', `Bearer ${await issuer.idToken()}`).expect(401);
    await request(server).get('/stock').set('Authorization', `Bearer ${await issuer.accessToken({ exp: 1 })}`).expect(401);
  });
});
