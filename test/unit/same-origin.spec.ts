import { describe, expect, it } from 'vitest';
import { fromThisApp } from '../../src/cognito/hosted-ui/same-origin.js';

const APP = ['https://app.example.com'];

describe('fromThisApp: a request acting on the session cookie must come from this app', () => {
  it.each([
    [{ 'sec-fetch-site': 'same-origin' }, 'GET', true],
    [{ 'sec-fetch-site': 'none' }, 'GET', true],
    [{ 'sec-fetch-site': 'cross-site' }, 'GET', false],
    [{ 'sec-fetch-site': 'same-site' }, 'GET', false],
    [{ 'sec-fetch-site': 'same-site', origin: 'https://app.example.com' }, 'POST', true],
    [{ 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }, 'POST', false],
    [{ origin: 'https://app.example.com' }, 'POST', true],
    [{ origin: 'https://evil.example' }, 'POST', false],
    [{ origin: 'null' }, 'POST', false],
    [{}, 'POST', true],
    [{}, 'GET', false],
    [{ 'sec-fetch-site': ['same-origin', 'cross-site'] }, 'GET', false],
  ] as const)('%j %s: %s', (headers, method, expected) => {
    expect(fromThisApp(headers as never, method, APP)).toBe(expected);
  });
});
