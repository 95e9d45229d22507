import { randomBytes } from 'node:crypto';

/** Cognito's hosted-UI session lasts one hour and cannot be configured. */
export const SESSION_LIFETIME_SECONDS = 3600;
export const SESSION_COOKIE = 'cognito';

export interface HostedUiSession {
  id: string;
  username: string;
  /** Seconds; becomes `auth_time` of tokens issued from this session. */
  authTime: number;
  expiresAt: number;
}

/** Browser sessions of the hosted UI, keyed by the cookie value. */
export class SessionStore {
  private readonly sessions = new Map<string, HostedUiSession>();

  constructor(private readonly now: () => number) {}

  create(username: string): HostedUiSession {
    const now = this.now();
    for (const [id, s] of this.sessions) if (now >= s.expiresAt) this.sessions.delete(id);
    const session = {
      id: randomBytes(32).toString('base64url'),
      username,
      authTime: Math.floor(now / 1000),
      expiresAt: now + SESSION_LIFETIME_SECONDS * 1000,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  find(id: string | undefined): HostedUiSession | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (this.now() >= session.expiresAt) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  end(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }
}
