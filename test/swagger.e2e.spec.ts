import { Controller, Get, UseGuards, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoGuard, CognitoModule, Scopes } from '../src/cognito/index.js';
import { addCognitoSecurity, ApiCognitoAuth, documentCognitoRoutes } from '../src/cognito/swagger/index.js';
import { bootApp } from './apps/boot-app.js';
import { TestIssuer } from './support/test-issuer.js';

const DOMAIN = 'https://myapp.auth.eu-west-1.amazoncognito.com';

@Controller('orders')
@UseGuards(CognitoGuard)
@ApiCognitoAuth()
class OrdersController {
  @Get()
  @Scopes('orders/read')
  @ApiCognitoAuth('orders/read')
  list() {
    return [];
  }
}

/** The OpenAPI document of an app with the module: security schemes, guarded routes, and the /auth routes' real answers. */
describe('Swagger: nest-cognito/swagger', () => {
  let issuer: TestIssuer;
  let app: INestApplication;
  let inferred: OpenAPIObject;
  let document: OpenAPIObject;
  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await bootApp([CognitoModule.forRoot({ ...issuer.moduleOptions(), domain: DOMAIN, redirectUri: 'https://api.example.com/auth/callback' })], [OrdersController]);
    const config = addCognitoSecurity(new DocumentBuilder().setTitle('orders'), { domain: DOMAIN, scopes: { openid: 'sign-in', 'orders/read': 'read orders' } }).build();
    inferred = SwaggerModule.createDocument(app, config);
    document = documentCognitoRoutes(structuredClone(inferred));
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.stop();
  });

  const responsesOf = (doc: OpenAPIObject, path: string, method: string) =>
    Object.keys((doc.paths[path] as Record<string, { responses: object }>)[method]!.responses).sort();

  it("declares the bearer scheme and Cognito's authorization-code flow", () => {
    expect(document.components?.securitySchemes).toEqual({
      cognito: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
      'cognito-oauth2': expect.objectContaining({
        type: 'oauth2',
        flows: { authorizationCode: { authorizationUrl: `${DOMAIN}/oauth2/authorize`, tokenUrl: `${DOMAIN}/oauth2/token`, scopes: { openid: 'sign-in', 'orders/read': 'read orders' } } },
      }),
    });
  });

  it('a guarded route asks for either scheme, with its scopes, and documents 401 and 403', () => {
    const operation = (document.paths['/orders'] as Record<string, { security: unknown[]; responses: object }>).get!;
    expect(operation.security).toEqual(expect.arrayContaining([{ cognito: [] }, { 'cognito-oauth2': ['orders/read'] }]));
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403']));
  });

  it('the hosted-UI routes are documented with what they answer, not 200/201', () => {
    // What Swagger infers on its own, which documentCognitoRoutes() corrects.
    expect(responsesOf(inferred, '/auth/sign-in', 'get')).toEqual(['200']);
    expect(responsesOf(inferred, '/auth/sign-out', 'post')).toEqual(['201']);
    expect(responsesOf(document, '/auth/sign-in', 'get')).toEqual(['302', '400']);
    expect(responsesOf(document, '/auth/sign-up', 'get')).toEqual(['302', '400']);
    expect(responsesOf(document, '/auth/callback', 'get')).toEqual(['200', '302', '400', '401', '502']);
    expect(responsesOf(document, '/auth/refresh', 'post')).toEqual(['200', '400', '401', '502']);
    expect(responsesOf(document, '/auth/userinfo', 'get')).toEqual(['200', '401', '502']);
    expect(responsesOf(document, '/auth/sign-out', 'get')).toEqual(['204', '302']);
    expect(responsesOf(document, '/auth/sign-out', 'post')).toEqual(['204', '302']);
  });
});
