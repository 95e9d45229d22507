import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy as JwtStrategy } from 'passport-jwt';
import { COGNITO_JWT_STRATEGY } from '../cognito.constants.js';
import { CognitoJwtError, MissingTokenError } from '../errors/jwt.errors.js';
import { errorResponse } from '../errors/error-response.js';
import type { CognitoClaims } from '../jwt/cognito-claims.interface.js';
import { CognitoJwtVerifier } from '../jwt/cognito-jwt.verifier.js';
import { rawHeadersOf } from './auth-request.js';
import { bearerToken } from './bearer-token.js';

/** What the strategy reads a token from: any request with Node-style headers. */
export interface BearerRequest {
  headers: { authorization?: string | string[] | undefined };
  rawHeaders?: readonly string[] | undefined;
  raw?: { rawHeaders?: readonly string[] | undefined } | undefined;
}

/**
 * The bearer-token strategy: a passport-jwt Strategy (registered with Passport, usable with
 * `AuthGuard('cognito-jwt')`) that reads `Authorization: Bearer` strictly and verifies with
 * `CognitoJwtVerifier` in place of jsonwebtoken, which would parse the PEM key and the token
 * again on every request. Failures surface as `CognitoJwtError`s.
 */
@Injectable()
export class CognitoJwtStrategy extends PassportStrategy(JwtStrategy, COGNITO_JWT_STRATEGY) {
  constructor(private readonly verifier: CognitoJwtVerifier) {
    super({
      // Required by passport-jwt's constructor; never called, since authenticate() is ours.
      jwtFromRequest: () => null,
      secretOrKeyProvider: (_req: unknown, _token: unknown, done: (err: Error) => void) => done(new Error('unused')),
    });
  }

  /** Where a request's token comes from; override to read it elsewhere. Undefined when there is none. */
  protected extractToken(req: BearerRequest): string | undefined {
    return bearerToken(req.headers.authorization, rawHeadersOf(req));
  }

  /** The request's bearer token, verified, as the claims for `req.user`. Throws `CognitoJwtError`s. */
  verifyRequest(req: BearerRequest): Promise<CognitoClaims> {
    return this.verifyToken(this.extractToken(req));
  }

  /**
   * The whole check of one token: verified, then `validate()`d into the claims. Shared by
   * Passport's `authenticate()` and by `CognitoGuard`, which calls it directly to keep Passport's
   * per-request machinery off the hot path.
   */
  async verifyToken(token: string | undefined): Promise<CognitoClaims> {
    if (token === undefined) throw new MissingTokenError('no bearer token');
    return this.validate(await this.verifier.verify(token));
  }

  override authenticate(req: BearerRequest): void {
    this.verifyRequest(req).then(
      (claims) => this.success(claims),
      (error: unknown) => (error instanceof CognitoJwtError ? this.fail(error, errorResponse(error).status) : this.error(error as Error)),
    );
  }

  /** The verified claims become `req.user`. */
  validate(claims: CognitoClaims): CognitoClaims {
    return claims;
  }
}
