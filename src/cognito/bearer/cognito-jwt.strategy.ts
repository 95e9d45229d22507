import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import passport from 'passport';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy as JwtStrategy } from 'passport-jwt';
import { COGNITO_JWT_STRATEGY, COGNITO_JWT_STRATEGY_NAME, SESSION_ACCESS_TOKEN } from '../cognito.constants.js';
import type { CognitoClaims } from '../jwt/cognito-claims.interface.js';
import { CognitoJwtVerifier } from '../jwt/cognito-jwt.verifier.js';
import { CognitoJwtError, JwtMalformedError, MissingTokenError } from '../errors/jwt.errors.js';

// RFC 6750 §2.1: the scheme in any case, spaces, one b64token and nothing more. passport-jwt's own
// parser takes the first word after the scheme and drops the rest, so `Bearer <a> <b>` passed as <a>.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

function fromBearerHeader(req: Request): string | null {
  const header = req.headers.authorization;
  return typeof header === 'string' ? (BEARER.exec(header)?.[1] ?? null) : null;
}

/**
 * The bearer-token strategy: a passport-jwt Strategy (registered with Passport, usable with
 * `AuthGuard('cognito-jwt')`) that reads `Authorization: Bearer` strictly and verifies with
 * `CognitoJwtVerifier` in place of jsonwebtoken, which would parse the PEM key and the token
 * again on every request. Failures surface as `CognitoJwtError`s.
 */
@Injectable()
export class CognitoJwtStrategy extends PassportStrategy(JwtStrategy, COGNITO_JWT_STRATEGY) implements OnModuleDestroy {
  constructor(
    private readonly verifier: CognitoJwtVerifier,
    @Inject(COGNITO_JWT_STRATEGY_NAME) private readonly instanceName: string,
  ) {
    super({
      jwtFromRequest: fromBearerHeader,
      // Required by passport-jwt's constructor; never called, since authenticate() is ours.
      secretOrKeyProvider: (_req: unknown, _token: unknown, done: (err: Error) => void) => done(new Error('unused')),
    });
    // Passport's registry is process-wide: a name of our own keeps two apps (or two pools) in one
    // process from using each other's verifier. 'cognito-jwt' stays registered for AuthGuard('cognito-jwt').
    passport.use(instanceName, this);
  }

  onModuleDestroy(): void {
    passport.unuse(this.instanceName);
  }

  /** Where a request's token comes from: the bearer header, or the session's (left by CognitoGuard). */
  protected extractToken(req: Request & { [SESSION_ACCESS_TOKEN]?: string }): string | null {
    return fromBearerHeader(req) ?? req[SESSION_ACCESS_TOKEN] ?? null;
  }

  /**
   * The whole check for one request: its token, verified, as the claims for `req.user`. Shared by
   * Passport's `authenticate()` and by `CognitoGuard`, which calls it directly to keep Passport's
   * per-request machinery off the hot path. Throws `CognitoJwtError`s.
   */
  async verifyRequest(req: Request): Promise<CognitoClaims> {
    const token = this.extractToken(req);
    if (!token) {
      // A header that is present but unreadable is a bad token, not a missing one.
      throw req.headers.authorization
        ? new JwtMalformedError('Authorization header is not "Bearer <token>"')
        : new MissingTokenError('no bearer token');
    }
    return this.validate(await this.verifier.verify(token));
  }

  override authenticate(req: Request): void {
    this.verifyRequest(req).then(
      (claims) => this.success(claims),
      (error: unknown) => (error instanceof CognitoJwtError ? this.fail(error, error.status) : this.error(error as Error)),
    );
  }

  /** The verified claims become `req.user`. */
  validate(claims: CognitoClaims): CognitoClaims {
    return claims;
  }
}
