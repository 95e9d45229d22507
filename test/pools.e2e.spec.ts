import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoModule } from '../src/cognito/index.js';
import { DEFAULT_POOL, LocalCognito, type LocalPool, type LocalPoolConfig } from '../src/local-cognito/index.js';
import { bootBearerApp } from './apps/bearer-app.js';

const PARTNERS: LocalPoolConfig = {
  userPoolId: 'us-east-1_Partners',
  region: 'us-east-1',
  issuerFormat: 'updated',
  clients: [{ clientId: 'partnerweb', clientSecret: 'partnerweb-secret', allowedOAuthFlows: ['code'], allowedOAuthScopes: ['openid', 'email'] }],
  users: [{ username: 'pat', password: 'Pat-Passw0rd!', attributes: { email: 'pat@partner.example' } }],
};
const STRANGERS: LocalPoolConfig = { ...PARTNERS, userPoolId: 'eu-west-1_Strangers', region: 'eu-west-1', clients: [{ ...PARTNERS.clients[0]!, clientId: 'strangerweb' }] };

/**
 * Several user pools (multi-tenant) and both Cognito issuer formats, end to end against a local
 * provider serving three pools: tokens are routed to their pool by exact `iss`, before any key is fetched.
 */
describe('several user pools and issuer formats, against the local provider', () => {
  let idp: LocalCognito;
  let main: LocalPool;
  let partners: LocalPool;
  let strangers: LocalPool;
  let app: INestApplication;
  const jwksFetches: string[] = [];

  beforeAll(async () => {
    idp = await LocalCognito.start({ pools: [DEFAULT_POOL, PARTNERS, STRANGERS], logger: () => {} });
    [main, partners, strangers] = idp.allPools() as [LocalPool, LocalPool, LocalPool];
    const counting = async (jwksUri: string) => {
      jwksFetches.push(jwksUri);
      return (await fetch(jwksUri)).json();
    };
    app = await bootBearerApp([
      CognitoModule.forRoot({
        userPoolId: main.userPoolId,
        clientId: 'localwebclient',
        issuer: main.issuers,
        additionalUserPools: [{ userPoolId: partners.userPoolId, clientId: 'partnerweb', issuer: partners.issuers }],
        jwksFetcher: counting,
      }),
    ]);
  });
  afterAll(async () => {
    await app?.close();
    await idp?.stop();
  });

  const call = (token: string) => request(app.getHttpServer()).get('/username').set('Authorization', `Bearer ${token}`);

  it('tokens of both configured pools open the route; each pool keeps to its own clients', async () => {
    await call((await idp.issueTokens({ username: 'alice', clientId: 'localwebclient' })).access_token).expect(200, { username: 'alice' });
    await call((await idp.issueTokens({ username: 'pat', clientId: 'partnerweb' })).access_token).expect(200, { username: 'pat' });
    // A pool's token presented with a client of that pool only: the partner pool has no localspaclient.
    const spa = await call((await idp.issueTokens({ username: 'alice', clientId: 'localspaclient' })).access_token).expect(401);
    expect(spa.body.reason).toBe('invalid_client_id');
  });

  it('a token of a pool that is not configured is refused by its issuer, and no JWKS is fetched for it', async () => {
    const before = jwksFetches.length;
    const res = await call((await idp.issueTokens({ username: 'pat', clientId: 'strangerweb' })).access_token).expect(401);
    expect(res.body.reason).toBe('invalid_issuer');
    expect(jwksFetches.slice(before).filter((uri) => uri.includes(strangers.userPoolId))).toEqual([]);
  });

  it('a pool switching issuer formats keeps working with tokens of both formats, each verified with its own JWKS', async () => {
    main.setIssuerFormat('original');
    const original = (await idp.issueTokens({ username: 'alice', clientId: 'localwebclient' })).access_token;
    main.setIssuerFormat('updated');
    const updated = (await idp.issueTokens({ username: 'alice', clientId: 'localwebclient' })).access_token;
    try {
      for (const token of [original, updated]) await call(token).expect(200, { username: 'alice' });
      const issuers = [original, updated].map((token) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).iss);
      expect(issuers).toEqual(main.issuers);
      expect(jwksFetches).toEqual(expect.arrayContaining(main.issuers.map((issuer) => `${issuer}/.well-known/jwks.json`)));
    } finally {
      main.setIssuerFormat('original');
    }
  });
});
