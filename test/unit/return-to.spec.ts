import { describe, expect, it } from 'vitest';
import { safeReturnTo } from '../../src/cognito/hosted-ui/return-to.js';

const ALLOWED = ['https://app.example.com', 'https://docs.example.com/guide/'];

describe('safeReturnTo', () => {
  it.each([
    ['/', '/'],
    ['/orders', '/orders'],
    ['/orders?page=2#top', '/orders?page=2#top'],
    ['/a/../b', '/b'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
  ])('keeps the path %s as %s', (value, expected) => {
    expect(safeReturnTo(value, [])).toBe(expected);
  });

  it.each([
    ['//evil.example'],
    ['/\\evil.example'],
    ['/\t/evil.example'],
    ['/.//evil.example'],
    ['/..//evil.example'],
    ['\\\\evil.example'],
    ['https://evil.example/'],
    ['http:evil.example'],
    ['javascript:alert(1)'],
    ['data:text/html,x'],
    ['orders'],
    [''],
    ['/x\u0000'],
    ['/x\n'],
  ])('refuses %j', (value) => {
    expect(safeReturnTo(value, ALLOWED)).toBeUndefined();
  });

  it('refuses what is not a string, and what is too long', () => {
    for (const value of [undefined, null, 42, ['/a'], { toString: () => '/a' }]) expect(safeReturnTo(value, ALLOWED)).toBeUndefined();
    expect(safeReturnTo(`/${'a'.repeat(2048)}`, ALLOWED)).toBeUndefined();
  });

  it('accepts absolute URLs under an allowed origin or path, on segment boundaries', () => {
    expect(safeReturnTo('https://app.example.com/x?y=1', ALLOWED)).toBe('https://app.example.com/x?y=1');
    expect(safeReturnTo('https://docs.example.com/guide', ALLOWED)).toBe('https://docs.example.com/guide');
    expect(safeReturnTo('https://docs.example.com/guide/intro', ALLOWED)).toBe('https://docs.example.com/guide/intro');
    expect(safeReturnTo('https://docs.example.com/guidebook', ALLOWED)).toBeUndefined();
    expect(safeReturnTo('https://docs.example.com/', ALLOWED)).toBeUndefined();
  });

  it('judges origins exactly: scheme, host and port', () => {
    expect(safeReturnTo('http://app.example.com/', ALLOWED)).toBeUndefined();
    expect(safeReturnTo('https://app.example.com:8443/', ALLOWED)).toBeUndefined();
    expect(safeReturnTo('https://app.example.com.evil.example/', ALLOWED)).toBeUndefined();
    expect(safeReturnTo('https://user@app.example.com/', ALLOWED)).toBe('https://user@app.example.com/');
  });
});
