import { describe, expect, it } from 'vitest';
import { JwtIssuerError } from '../../../src/cognito/errors/jwt.errors.js';
import { routeByIssuer } from '../../../src/cognito/jwt/issuer-routes.js';

const ORIGINAL = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool1';
const UPDATED = 'https://issuer-cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool1';
const routes = new Map([
  [ORIGINAL, 'original'],
  [UPDATED, 'updated'],
]);

describe('routeByIssuer', () => {
  it('routes by exact iss', () => {
    expect(routeByIssuer({ iss: ORIGINAL }, routes)).toBe('original');
    expect(routeByIssuer({ iss: UPDATED }, routes)).toBe('updated');
  });

  const refused: unknown[] = [
    undefined,
    null,
    42,
    [ORIGINAL],
    { toString: () => ORIGINAL },
    `${ORIGINAL}/`,
    ORIGINAL.toUpperCase(),
    ORIGINAL.replace('https', 'http'),
    ` ${ORIGINAL}`,
    'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool2',
    '__proto__',
    'constructor',
    'toString',
    '',
  ];
  for (const iss of refused) {
    it(`refuses iss ${JSON.stringify(iss)} with invalid_issuer`, () => {
      expect(() => routeByIssuer({ iss }, routes)).toThrow(JwtIssuerError);
    });
  }
});
