import { parse } from 'cookie';

/** Anything with Node-style request headers: Express and Fastify requests, a socket.io handshake. */
export interface CookieRequest {
  headers: { cookie?: string | undefined };
}

/** Reads cookies from the header itself, so apps need no cookie-parser or @fastify/cookie for the module to work. */
export function readCookies(req: CookieRequest): Record<string, string | undefined> {
  return req.headers.cookie ? parse(req.headers.cookie) : {};
}

/** Secure everywhere but plain-HTTP localhost, where browsers would drop a Secure cookie. */
export function isSecureOrigin(url: string | undefined): boolean {
  if (url === undefined) return true;
  const { protocol, hostname } = new URL(url);
  return protocol === 'https:' || !['localhost', '127.0.0.1', '[::1]'].includes(hostname);
}
