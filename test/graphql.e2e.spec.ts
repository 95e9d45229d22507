import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, UseGuards, type INestApplication } from '@nestjs/common';
import { Field, GraphQLModule, ObjectType, Query, Resolver } from '@nestjs/graphql';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Claims, CognitoGuard, CognitoModule, Groups, OptionalAuth, Scopes, type CognitoAccessTokenClaims } from '../src/cognito/index.js';
import { bootApp } from './apps/boot-app.js';
import { TestIssuer } from './support/test-issuer.js';

@ObjectType()
class Me {
  @Field()
  username!: string;

  @Field(() => [String])
  groups!: string[];
}

@Resolver()
@UseGuards(CognitoGuard)
class MeResolver {
  @Query(() => Me)
  me(@Claims() claims: CognitoAccessTokenClaims): Me {
    return { username: claims.username ?? '', groups: claims['cognito:groups'] ?? [] };
  }

  @Query(() => String)
  username(@Claims('username') username: string): string {
    return username;
  }

  @Query(() => String)
  @Groups('ops')
  opsOnly(): string {
    return 'ops';
  }

  @Query(() => String)
  @Scopes('orders/read')
  orders(): string {
    return 'orders';
  }

  @Query(() => String, { nullable: true })
  @OptionalAuth()
  greeting(@Claims('username') username?: string): string {
    return username ? `hello ${username}` : 'hello stranger';
  }
}

@Module({ providers: [MeResolver] })
class ResolversModule {}

/** CognitoGuard and @Claims() on code-first GraphQL resolvers (Apollo), with the same reasons as on HTTP. */
describe('GraphQL (Apollo): CognitoGuard on resolvers', () => {
  let issuer: TestIssuer;
  let app: INestApplication;
  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await bootApp(
      [
        // Global, so the resolvers' own module can use CognitoGuard, as in a real app with feature modules.
        CognitoModule.forRoot({ ...issuer.moduleOptions(), isGlobal: true }),
        GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, autoSchemaFile: true, includeStacktraceInErrorResponses: false }),
        ResolversModule,
      ],
      [],
    );
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.stop();
  });

  async function graphql(query: string, token?: string) {
    const req = request(app.getHttpServer()).post('/graphql').send({ query });
    const res = await (token === undefined ? req : req.set('Authorization', token.includes(' ') ? token : `Bearer ${token}`));
    return res.body as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions: Record<string, unknown> }> };
  }

  it('a valid token: the resolver gets the claims, whole or one', async () => {
    const token = await issuer.accessToken();
    expect(await graphql('{ me { username groups } username }', token)).toEqual({ data: { me: { username: 'alice', groups: ['admin'] }, username: 'alice' } });
  });

  it.each([
    ['no token', undefined, { code: 'UNAUTHENTICATED', statusCode: 401, error: 'unauthorized', reason: 'missing_token' }],
    ['garbage', 'Bearer not.a.token', { code: 'UNAUTHENTICATED', statusCode: 401, error: 'invalid_token', reason: 'malformed_token' }],
    ['a wrong scheme', 'Basic dXNlcjpwYXNz', { code: 'UNAUTHENTICATED', statusCode: 401, error: 'invalid_token', reason: 'malformed_token' }],
  ])('%s: UNAUTHENTICATED with the reason, no data, no stack', async (_name, header, extensions) => {
    const body = await graphql('{ username }', header);
    expect(body.data ?? null).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions).toMatchObject(extensions);
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|\bat .*\.js/);
  });

  it('an expired token, an id token: the same reasons as on HTTP', async () => {
    const expired = await graphql('{ username }', await issuer.accessToken({ exp: Math.floor(Date.now() / 1000) - 60 }));
    expect(expired.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'token_expired' });
    const idToken = await graphql('{ username }', await issuer.idToken());
    expect(idToken.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'invalid_token_use' });
  });

  it('a missing group or scope: FORBIDDEN with missing_group / missing_scope', async () => {
    const token = await issuer.accessToken({ scope: 'openid' });
    const ops = await graphql('{ opsOnly }', token);
    expect(ops.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', statusCode: 403, error: 'insufficient_scope', reason: 'missing_group' });
    const orders = await graphql('{ orders }', token);
    expect(orders.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'missing_scope' });
    const allowed = await graphql('{ orders }', await issuer.accessToken());
    expect(allowed).toEqual({ data: { orders: 'orders' } });
  });

  it('@OptionalAuth(): anonymous callers pass, a valid token brings its claims, a bad token is still refused', async () => {
    expect(await graphql('{ greeting }')).toEqual({ data: { greeting: 'hello stranger' } });
    expect(await graphql('{ greeting }', await issuer.accessToken())).toEqual({ data: { greeting: 'hello alice' } });
    const bad = await graphql('{ greeting }', await issuer.accessToken({ exp: 1 }));
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'token_expired' });
  });
});
