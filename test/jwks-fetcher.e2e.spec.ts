import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoConfigError, CognitoModule, resolveCognitoOptions } from '../src/cognito/index.js';
import { bootBearerApp } from './apps/bearer-app.js';
import { TestIssuer } from './support/test-issuer.js';

/** The verifier's fetcher seam, filled from the module's options: keys without an HTTP JWKS request. */
describe('jwksFetcher option', () => {
  let issuer: TestIssuer;
  let app: INestApplication;
  const fetched: string[] = [];
  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await bootBearerApp([
      CognitoModule.forRoot(
        issuer.moduleOptions({
          jwksFetcher: async (jwksUri: string) => {
            fetched.push(jwksUri);
            return { keys: issuer.keys.map((key) => key.publicJwk) };
          },
        }),
      ),
    ]);
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.stop();
  });

  it('verifies with the keys the fetcher gives; the JWKS endpoint is never asked', async () => {
    await request(app.getHttpServer()).get('/username').set('Authorization', `Bearer ${await issuer.accessToken()}`).expect(200, { username: 'alice' });
    expect(fetched).toContain(issuer.jwksUri);
    expect(issuer.jwksRequests).toBe(0);
  });

  it('must be a function', () => {
    expect(() => resolveCognitoOptions(issuer.moduleOptions({ jwksFetcher: 'https://example.com/jwks.json' }) as never)).toThrow(CognitoConfigError);
  });
});
