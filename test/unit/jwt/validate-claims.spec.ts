import { describe, expect, it } from 'vitest';
import {
  CognitoJwtError,
  JwtClaimError,
  JwtClientIdError,
  JwtExpiredError,
  JwtNotYetValidError,
  JwtTokenUseError,
} from '../../../src/cognito/errors/jwt.errors.js';
import { IAT_FUTURE_SKEW_SECONDS, validateClaims, type ClaimExpectations } from '../../../src/cognito/jwt/validate-claims.js';

const NOW = 1_900_000_000; // seconds
const access: ClaimExpectations = { tokenUse: 'access', clientIds: ['client1', 'client2'], clockTolerance: 0 };
const id: ClaimExpectations = { ...access, tokenUse: 'id' };

const accessClaims = (overrides: Record<string, unknown> = {}) =>
  withoutUndefined({
    sub: 'u-1', iss: 'https://issuer', client_id: 'client1', token_use: 'access', scope: 'openid', username: 'alice',
    jti: 'j-1', origin_jti: 'o-1', event_id: 'e-1', auth_time: NOW - 10, iat: NOW - 10, exp: NOW + 3600, version: 2,
    'cognito:groups': ['admin'], ...overrides,
  });
const idClaims = (overrides: Record<string, unknown> = {}) =>
  withoutUndefined({ sub: 'u-1', iss: 'https://issuer', aud: 'client1', token_use: 'id', 'cognito:username': 'alice', iat: NOW - 10, exp: NOW + 3600, ...overrides });

function withoutUndefined(claims: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
}

function refusal(payload: Record<string, unknown>, expected = access, nowSeconds = NOW): CognitoJwtError {
  let thrown: unknown;
  try {
    validateClaims(payload, expected, nowSeconds * 1000);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `accepted ${JSON.stringify(payload)}`).toBeInstanceOf(CognitoJwtError);
  return thrown as CognitoJwtError;
}

describe('validateClaims', () => {
  it('returns the payload of a valid access or id token', () => {
    const payload = accessClaims();
    expect(validateClaims(payload, access, NOW * 1000)).toBe(payload);
    expect(validateClaims(idClaims({ aud: 'client2' }), id, NOW * 1000)).toMatchObject({ token_use: 'id' });
    // An M2M access token: no username, groups or auth_time.
    expect(validateClaims(accessClaims({ username: undefined, 'cognito:groups': undefined, auth_time: undefined }), access, NOW * 1000)).toBeTruthy();
  });

  describe('claim types (RFC 7519 §4.1): invalid_claim', () => {
    const wrong: Array<[string, unknown]> = [
      ['aud', 12345],
      ['aud', ['a', 5]],
      ['aud', { a: 1 }],
      ['aud', null],
      ['jti', 12345],
      ['jti', ['j']],
      ['sub', 7],
      ['iss', {}],
      ['client_id', 1],
      ['origin_jti', false],
      ['event_id', 3],
      ['username', ['alice']],
      ['scope', ['openid']],
      ['cognito:username', 1],
      ['exp', 'soon'],
      ['exp', null],
      ['nbf', '0'],
      ['nbf', null],
      ['iat', '1700000000'],
      ['iat', true],
      ['auth_time', 'yesterday'],
      ['version', '2'],
      ['cognito:groups', 'admin'],
      ['cognito:groups', ['admin', 1]],
    ];
    for (const [claim, value] of wrong) {
      it(`${claim}: ${JSON.stringify(value)}`, () => {
        const error = refusal(accessClaims({ [claim]: value }));
        expect(error).toBeInstanceOf(JwtClaimError);
        expect(error.code).toBe('invalid_claim');
        expect(error.message).toContain(claim);
      });
    }

    it('an access token may carry aud as a string or a list of strings', () => {
      expect(validateClaims(accessClaims({ aud: 'x' }), access, NOW * 1000)).toBeTruthy();
      expect(validateClaims(accessClaims({ aud: ['x', 'y'] }), access, NOW * 1000)).toBeTruthy();
    });

    it('exp and sub are required', () => {
      expect(refusal(accessClaims({ exp: undefined }))).toBeInstanceOf(JwtClaimError);
      expect(refusal(accessClaims({ sub: undefined }))).toBeInstanceOf(JwtClaimError);
    });
  });

  describe('time', () => {
    it('exp: refused from the second it names, with clockTolerance added', () => {
      expect(refusal(accessClaims({ exp: NOW }))).toBeInstanceOf(JwtExpiredError);
      expect(refusal(accessClaims({ exp: NOW - 5 }), { ...access, clockTolerance: 5 })).toBeInstanceOf(JwtExpiredError);
      expect(validateClaims(accessClaims({ exp: NOW - 4 }), { ...access, clockTolerance: 5 }, NOW * 1000)).toBeTruthy();
    });

    it('nbf: refused while in the future beyond clockTolerance', () => {
      expect(refusal(accessClaims({ nbf: NOW + 1 }))).toBeInstanceOf(JwtNotYetValidError);
      expect(validateClaims(accessClaims({ nbf: NOW }), access, NOW * 1000)).toBeTruthy();
      expect(validateClaims(accessClaims({ nbf: NOW + 5 }), { ...access, clockTolerance: 5 }, NOW * 1000)).toBeTruthy();
    });

    it(`iat: up to ${IAT_FUTURE_SKEW_SECONDS} s in the future is clock skew, with clockTolerance 0`, () => {
      expect(IAT_FUTURE_SKEW_SECONDS).toBe(60);
      expect(validateClaims(accessClaims({ iat: NOW + 1 }), access, NOW * 1000)).toBeTruthy();
      expect(validateClaims(accessClaims({ iat: NOW + 60 }), access, NOW * 1000)).toBeTruthy();
      const error = refusal(accessClaims({ iat: NOW + 61 }));
      expect(error).toBeInstanceOf(JwtNotYetValidError);
      expect(error.code).toBe('token_not_yet_valid');
    });

    it('iat: a larger clockTolerance widens that window', () => {
      const lenient = { ...access, clockTolerance: 120 };
      expect(validateClaims(accessClaims({ iat: NOW + 120 }), lenient, NOW * 1000)).toBeTruthy();
      expect(refusal(accessClaims({ iat: NOW + 121 }), lenient)).toBeInstanceOf(JwtNotYetValidError);
    });

    it('the iat window does not lengthen a token: exp stays exact', () => {
      expect(refusal(accessClaims({ iat: NOW + 30, exp: NOW }))).toBeInstanceOf(JwtExpiredError);
    });

    it('a non-numeric nbf or iat is invalid_claim, not token_not_yet_valid', () => {
      expect(refusal(accessClaims({ nbf: '0' })).code).toBe('invalid_claim');
      expect(refusal(accessClaims({ iat: 'now' })).code).toBe('invalid_claim');
    });
  });

  describe('token use and client', () => {
    it('token_use must be the one expected', () => {
      for (const token_use of [undefined, 'id', 'refresh', 'Access', 1]) {
        expect(refusal(accessClaims({ token_use }))).toBeInstanceOf(JwtTokenUseError);
      }
      expect(refusal(idClaims(), access)).toBeInstanceOf(JwtTokenUseError);
    });

    it('access tokens: client_id must be one of the pool clients; aud does not count', () => {
      for (const client_id of ['other', undefined]) {
        expect(refusal(accessClaims({ client_id }))).toBeInstanceOf(JwtClientIdError);
      }
      expect(refusal(accessClaims({ client_id: 'other', aud: 'client1' }))).toBeInstanceOf(JwtClientIdError);
    });

    it('id tokens: aud must be one client id, as a string; client_id does not count', () => {
      for (const aud of ['other', undefined, ['client1']]) {
        expect(refusal(idClaims({ aud }), id)).toBeInstanceOf(JwtClientIdError);
      }
      expect(refusal(idClaims({ aud: 'other', client_id: 'client1' }), id)).toBeInstanceOf(JwtClientIdError);
    });
  });
});
