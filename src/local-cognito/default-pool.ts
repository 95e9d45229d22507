import type { LocalPoolConfig } from './pool.js';

const CALLBACK = 'http://localhost:3000/auth/callback';
const SIGN_OUT = 'http://localhost:3000/';
const USER_SCOPES = ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin', 'demo-api/read'];

/** The demo users of the default pool, to sign in with in tests: `DEMO_USERS.alice`. Public demo values. */
export const DEMO_USERS = {
  /** Group `admin`; `custom:tenant` = `acme`. */
  alice: { username: 'alice', password: 'Alice-Passw0rd!' },
  /** No groups. */
  bob: { username: 'bob', password: 'Bob-Passw0rd!' },
} as const satisfies Record<string, { username: string; password: string }>;

/** The pool used when none is given. Its passwords and secrets are public demo values. */
export const DEFAULT_POOL: LocalPoolConfig = {
  userPoolId: 'local_LocalPool1',
  region: 'local',
  resourceServers: [{ identifier: 'demo-api', name: 'Demo API', scopes: ['read', 'write'] }],
  clients: [
    {
      clientId: 'localwebclient',
      clientSecret: 'localwebclient-secret',
      callbackUrls: [CALLBACK],
      logoutUrls: [SIGN_OUT],
      allowedOAuthFlows: ['code'],
      allowedOAuthScopes: USER_SCOPES,
    },
    {
      clientId: 'localspaclient',
      callbackUrls: [CALLBACK],
      logoutUrls: [SIGN_OUT],
      allowedOAuthFlows: ['code'],
      allowedOAuthScopes: USER_SCOPES,
    },
    {
      clientId: 'localm2mclient',
      clientSecret: 'localm2mclient-secret',
      allowedOAuthFlows: ['client_credentials'],
      allowedOAuthScopes: ['demo-api/read', 'demo-api/write'],
    },
  ],
  users: [
    {
      ...DEMO_USERS.alice,
      groups: ['admin'],
      attributes: { email: 'alice@example.com', email_verified: true, name: 'Alice Example', 'custom:tenant': 'acme' },
    },
    {
      ...DEMO_USERS.bob,
      attributes: { email: 'bob@example.com', email_verified: true, name: 'Bob Example' },
    },
  ],
};
