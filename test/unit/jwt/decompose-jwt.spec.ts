import { describe, expect, it } from 'vitest';
import { JwtMalformedError } from '../../../src/cognito/errors/jwt.errors.js';
import { decomposeJwt } from '../../../src/cognito/jwt/decompose-jwt.js';
import { b64, rsaKey, signSegments, signToken } from './fakes.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const key = rsaKey('k1');
const header = { alg: 'RS256', kid: 'k1' };
const payload = { sub: 'alice', exp: 1 };
const good = signToken(payload, key);
const [h, p, s] = good.split('.');

function malformed(token: string): JwtMalformedError {
  let thrown: unknown;
  try {
    decomposeJwt(token);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `accepted ${JSON.stringify(token)}`).toBeInstanceOf(JwtMalformedError);
  expect((thrown as JwtMalformedError).code).toBe('malformed_token');
  return thrown as JwtMalformedError;
}

describe('decomposeJwt', () => {
  it('splits a compact JWS: header and payload parsed, the signing input and signature bytes', () => {
    const jwt = decomposeJwt(good);
    expect(jwt.header).toEqual({ alg: 'RS256', kid: 'k1' });
    expect(jwt.payload).toEqual(payload);
    expect(jwt.signingInput).toBe(`${h}.${p}`);
    expect(jwt.signature.toString('base64url')).toBe(s);
  });

  it('parses a header once: the same frozen object for the same segment', () => {
    const first = decomposeJwt(good).header;
    expect(Object.isFrozen(first)).toBe(true);
    expect(decomposeJwt(signToken({ sub: 'bob' }, key)).header).toBe(first);
  });

  const shapes: Array<[string, string]> = [
    ['empty', ''],
    ['one segment', h],
    ['two segments', `${h}.${p}`],
    ['four segments', `${good}.${s}`],
    ['trailing dot', `${good}.`],
    ['only dots', '..'],
    ['empty header', `.${p}.${s}`],
    ['empty payload', `${h}..${s}`],
    ['empty signature', `${h}.${p}.`],
    ['header not JSON', `${b64('{"alg":')}.${p}.${s}`],
    ['payload not JSON', `${h}.${b64('not json')}.${s}`],
    ['payload empty JSON text', `${h}.${b64(' ')}.${s}`],
    ['header an array', `${b64([])}.${p}.${s}`],
    ['header a string', `${b64('"x"')}.${p}.${s}`],
    ['header null', `${b64('null')}.${p}.${s}`],
    ['payload an array', `${h}.${b64([1])}.${s}`],
    ['payload null', `${h}.${b64('null')}.${s}`],
    ['payload a number', `${h}.${b64('42')}.${s}`],
    ['payload true', `${h}.${b64('true')}.${s}`],
    ['header with "+"', `${h.slice(0, 4)}+${h.slice(5)}.${p}.${s}`],
    ['header with "="', `${h}=.${p}.${s}`],
    ['signature with "+"', `${h}.${p}.${s.slice(0, -2)}+${s.at(-1)}`],
    ['signature with padding', `${h}.${p}.${s}==`],
    ['signature with a non-ASCII character', `${h}.${p}.${s}é`],
    ['signature not canonical (unused bits set)', `${h}.${p}.${s.slice(0, -1)}${String.fromCharCode(s.charCodeAt(s.length - 1) ^ 1)}`],
  ];
  for (const [name, token] of shapes) {
    it(`refuses: ${name}`, () => {
      malformed(token);
    });
  }

  describe('the payload is strict base64url, even when correctly signed', () => {
    // Node's decoder reads "+" as "-", "/" as "_", and skips "=" and whitespace: these tokens
    // would decode to the same claims as the original, under a signature made for other bytes.
    const spelled = (segment: string) => signSegments(header, segment, key);
    const plain = b64({ sub: 'alice>>>???', exp: 1 }); // has "-" and "_" to respell
    it('the unaltered construction is accepted', () => {
      expect(plain).toMatch(/[-_]/);
      expect(decomposeJwt(spelled(plain)).payload.sub).toBe('alice>>>???');
    });
    for (const [name, segment] of [
      ['"+" for "-"', plain.replace(/-/g, '+')],
      ['"/" for "_"', plain.replace(/_/g, '/')],
      ['"=" padding', `${plain}==`],
      ['a line break inside', `${plain.slice(0, 8)}\n${plain.slice(8)}`],
      ['a CRLF inside', `${plain.slice(0, 8)}\r\n${plain.slice(8)}`],
      ['a space inside', `${plain.slice(0, 8)} ${plain.slice(8)}`],
      ['a tab at the end', `${plain}\t`],
      // 'x' adds 8 bits: the segment ends in a character with 4 unused bits, here set.
      ['trailing bits set', ((p: string) => p.slice(0, -1) + ALPHABET[ALPHABET.indexOf(p.at(-1)!) | 1])(b64({ sub: 'alice>>>???', exp: 1, x: 'x' }))],
    ]) {
      it(`refuses a signed payload with ${name}`, () => {
        expect(segment).not.toBe(plain);
        malformed(spelled(segment));
      });
    }
  });

  describe('keys that reach a prototype are dropped from the payload', () => {
    const claimsOf = (json: string) => decomposeJwt(signSegments(header, b64(json), key)).payload;

    it('"__proto__": Object.assign of the claims cannot pollute', () => {
      const claims = claimsOf('{"sub":"mallory","__proto__":{"isAdmin":true}}');
      expect(Object.keys(claims)).toEqual(['sub']);
      expect(Object.prototype.hasOwnProperty.call(claims, '__proto__')).toBe(false);
      const copy = Object.assign({}, claims) as Record<string, unknown>;
      expect(copy.isAdmin).toBeUndefined();
      expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    });

    it('"constructor" and "prototype" are dropped', () => {
      const claims = claimsOf('{"sub":"mallory","constructor":{"prototype":{"isAdmin":true}},"prototype":{"x":1}}');
      expect(Object.keys(claims)).toEqual(['sub']);
      expect(claims.constructor).toBe(Object);
    });

    it('nested occurrences, in objects and in arrays', () => {
      const claims = claimsOf(
        '{"sub":"m","identities":[{"userId":"1","__proto__":{"isAdmin":true},"constructor":{"a":1}}],"deep":{"deeper":{"__proto__":{"x":1},"ok":2}}}',
      );
      expect(claims).toEqual({ sub: 'm', identities: [{ userId: '1' }], deep: { deeper: { ok: 2 } } });
      const identity = (claims.identities as object[])[0];
      expect(Object.getPrototypeOf(identity)).toBe(Object.prototype);
      expect(Object.getOwnPropertyNames(identity)).toEqual(['userId']);
    });

    it('spelled with \\u escapes', () => {
      const claims = claimsOf('{"sub":"m","\\u005f_proto__":{"isAdmin":true},"\\u0063onstructor":{"prototype":{"a":1}}}');
      expect(Object.getOwnPropertyNames(claims)).toEqual(['sub']);
      expect((Object.assign({}, claims) as Record<string, unknown>).isAdmin).toBeUndefined();
    });

    it('only the keys: the same words as values, and other escapes, are kept', () => {
      const claims = claimsOf('{"sub":"constructor","note":"__proto__ prototype","name":"Z\\u00fcrich","custom:constructor_id":"7"}');
      expect(claims).toEqual({ sub: 'constructor', note: '__proto__ prototype', name: 'Zürich', 'custom:constructor_id': '7' });
    });

    it('in the header too', () => {
      const token = signSegments(b64('{"alg":"RS256","kid":"k1","__proto__":{"alg":"none"}}'), b64(payload), key);
      const jwt = decomposeJwt(token);
      expect(Object.getOwnPropertyNames(jwt.header).sort()).toEqual(['alg', 'kid']);
    });
  });
});
