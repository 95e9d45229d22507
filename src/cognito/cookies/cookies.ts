import { parse, serialize, type SerializeOptions } from 'cookie';

export interface CookieRequest {
  headers: { cookie?: string };
}

export interface CookieResponse {
  getHeader(name: string): unknown;
  setHeader(name: string, value: string | string[]): unknown;
}

/** Reads cookies from the header itself, so apps need no cookie-parser for the module to work. */
export function readCookies(req: CookieRequest): Record<string, string | undefined> {
  return req.headers.cookie ? parse(req.headers.cookie) : {};
}

/** Appends a Set-Cookie header, keeping the ones already set. */
export function appendCookie(res: CookieResponse, name: string, value: string, options: SerializeOptions): void {
  const previous = res.getHeader('set-cookie');
  const list = previous === undefined ? [] : Array.isArray(previous) ? previous.map(String) : [String(previous)];
  res.setHeader('set-cookie', [...list, serialize(name, value, options)]);
}

/** Secure everywhere but plain-HTTP localhost, where browsers would drop a Secure cookie. */
export function isSecureOrigin(url: string | undefined): boolean {
  if (url === undefined) return true;
  const { protocol, hostname } = new URL(url);
  return protocol === 'https:' || !['localhost', '127.0.0.1', '[::1]'].includes(hostname);
}
