import { describe, expect, it } from 'vitest';
import { bearerToken } from '../../src/cognito/bearer/bearer-token.js';
import { JwtMalformedError } from '../../src/cognito/errors/jwt.errors.js';

describe('bearerToken (RFC 6750 §2.1)', () => {
  it('no header, or an empty one, is no token', () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('')).toBeUndefined();
  });

  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc', 'abc'],
    ['BEARER   abc', 'abc'],
    ['Bearer a-b_c.d~e+f/g==', 'a-b_c.d~e+f/g=='],
  ])('reads %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it.each([
    ['Bearer'],
    ['Bearer '],
    ['Basic dXNlcjpwYXNz'],
    ['Bearer a b'],
    ['Bearer a,b'],
    ['Bearer a=b'],
    ['Bearer\ta'],
    [' Bearer a'],
    ['Bearer a '],
    ['Token a'],
  ])('refuses %j as malformed', (header) => {
    expect(() => bearerToken(header)).toThrow(JwtMalformedError);
  });

  it('refuses a header that is not one string (repeated headers)', () => {
    expect(() => bearerToken(['Bearer a', 'Bearer b'])).toThrow(JwtMalformedError);
    expect(() => bearerToken(42)).toThrow(JwtMalformedError);
  });
});
