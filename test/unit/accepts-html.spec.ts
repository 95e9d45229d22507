import { describe, expect, it } from 'vitest';
import { acceptsHtml } from '../../src/cognito/http/accepts-html.js';

describe('acceptsHtml: a browser navigating, not an API call', () => {
  it.each([
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', true],
    ['text/html', true],
    ['text/html, */*', true],
    ['text/*', true],
    ['application/json', false],
    ['application/json, text/html;q=0.9', false],
    ['text/html;q=0.5, application/json;q=0.4', true],
    ['*/*', false],
    ['', false],
    ['text/html;q=0', false],
    ['text/html;q=abc', false],
  ])('%j: %s', (accept, expected) => {
    expect(acceptsHtml(accept)).toBe(expected);
  });

  it('no header, a repeated header or an oversized one is not a browser', () => {
    expect(acceptsHtml(undefined)).toBe(false);
    expect(acceptsHtml(['text/html'])).toBe(false);
    expect(acceptsHtml(`text/html,${'x'.repeat(2000)}`)).toBe(false);
  });
});
