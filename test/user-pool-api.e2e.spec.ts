import { Controller, Get, UseGuards, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessTokenRejectedError, Claims, CognitoAuthService, CognitoGuard, CognitoModule, Scopes } from '../src/cognito/index.js';
import { DEFAULT_POOL, LocalCognito } from '../src/local-cognito/index.js';
import { bootApp } from './apps/boot-app.js';

@Controller()
@UseGuards(CognitoGuard)
class TenantController {
  @Get('tenant')
  @Scopes('demo-api/write')
  tenant(@Claims('tenant') tenant: string, @Claims('username') username: string) {
    return { tenant, username };
  }
}

/**
 * The module against the local provider's pre token generation hooks and user-pool API: a V2
 * hook's custom claim and added scope, GetUser, and a global sign-out that holds at this API too.
 */
describe('Cognito user-pool API and pre token generation through the module', () => {
  let idp: LocalCognito;
  let app: INestApplication;
  let auth: CognitoAuthService;
  let clockOffsetMs = 0;

  beforeAll(async () => {
    idp = await LocalCognito.start({
      logger: () => {},
      now: () => Date.now() + clockOffsetMs,
      pool: {
        ...DEFAULT_POOL,
        // A V2 trigger, as a Lambda would be: a tenant claim and a scope for every access token.
        preTokenGeneration: {
          lambdaVersion: 'V2_0',
          handler: (event) => {
            event.response.claimsAndScopeOverrideDetails = {
              accessTokenGeneration: { claimsToAddOrOverride: { tenant: event.request.userAttributes['custom:tenant'] ?? 'none' }, scopesToAdd: ['demo-api/write'] },
            };
            return event;
          },
        },
      },
    });
    app = await bootApp([CognitoModule.forRoot(idp.settingsFor('localwebclient'))], [TenantController]);
    auth = app.get(CognitoAuthService);
  });
  afterAll(async () => {
    await app?.close();
    await idp?.stop();
  });

  const tokensOf = (username: string) => idp.issueTokens({ username, clientId: 'localwebclient', scopes: ['openid', 'email', 'aws.cognito.signin.user.admin'] });

  it("a V2 hook's custom claim reaches @Claims('tenant'), and its added scope satisfies @Scopes()", async () => {
    const { access_token } = await tokensOf('alice');
    await request(app.getHttpServer()).get('/tenant').set('Authorization', `Bearer ${access_token}`).expect(200, { tenant: 'acme', username: 'alice' });
  });

  it("getUser(): the user's attributes from Cognito's GetUser", async () => {
    const { access_token } = await tokensOf('alice');
    const user = await auth.getUser(access_token);
    expect(user.username).toBe('alice');
    expect(user.attributes).toMatchObject({ email: 'alice@example.com', 'custom:tenant': 'acme' });
  });

  it('getUser() with a token without the aws.cognito.signin.user.admin scope: AccessTokenRejectedError', async () => {
    const { access_token } = await idp.issueTokens({ username: 'alice', clientId: 'localwebclient', scopes: ['openid'] });
    await expect(auth.getUser(access_token)).rejects.toBeInstanceOf(AccessTokenRejectedError);
  });

  it('globalSignOut(): every refresh token ends at Cognito, and every access token already issued is refused here', async () => {
    const first = await tokensOf('bob');
    const second = await tokensOf('bob');
    const call = (token: string) => request(app.getHttpServer()).get('/tenant').set('Authorization', `Bearer ${token}`);
    await call(second.access_token).expect(200);
    await auth.globalSignOut(first.access_token);
    for (const token of [first.access_token, second.access_token]) {
      const refused = await call(token).expect(401);
      expect(refused.body.reason).toBe('token_revoked');
    }
    await expect(auth.refresh(second.refresh_token!)).rejects.toMatchObject({ code: 'invalid_grant' });
    // Signing in again afterwards works (Cognito's tokens carry iat in seconds: a second later).
    clockOffsetMs = 2000;
    try {
      const fresh = await tokensOf('bob');
      await call(fresh.access_token).expect(200);
    } finally {
      clockOffsetMs = 0;
    }
  });
});
