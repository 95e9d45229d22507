import type { IncomingHttpHeaders } from 'node:http';

/** A request reduced to what routes read; the server fills it before any route runs. */
export interface ParsedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  cookies: Record<string, string>;
  /** Lower-cased media type without parameters, '' when absent. */
  contentType: string;
  /** The raw body of a POST. */
  body?: string;
  /** The form body of a POST sent as application/x-www-form-urlencoded. */
  form?: URLSearchParams;
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

export type Route = (request: ParsedRequest) => Reply | Promise<Reply>;

const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

export function jsonReply(status: number, body: unknown, headers: Record<string, string | string[]> = {}): Reply {
  return {
    status,
    headers: { 'Content-Type': 'application/json;charset=UTF-8', ...NO_STORE, ...headers },
    body: JSON.stringify(body),
  };
}

/** Token-style error body; AWS answers 400 for all of them, 401 only where documented. */
export function oauthErrorReply(status: number, error: string, description: string, headers: Record<string, string> = {}): Reply {
  return jsonReply(status, { error, error_description: description }, headers);
}

export function htmlReply(status: number, body: string, headers: Record<string, string | string[]> = {}): Reply {
  return {
    status,
    headers: {
      'Content-Type': 'text/html;charset=UTF-8',
      ...NO_STORE,
      // Pages hold credentials: no framing, no scripts, no leaking the query via Referer.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      ...headers,
    },
    body,
  };
}

export function redirectReply(location: string, headers: Record<string, string | string[]> = {}): Reply {
  return { status: 302, headers: { Location: location, ...NO_STORE, ...headers }, body: '' };
}

export function textReply(status: number, text: string, headers: Record<string, string | string[]> = {}): Reply {
  return { status, headers: { 'Content-Type': 'text/plain;charset=UTF-8', ...headers }, body: text };
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    if (!(name in cookies)) cookies[name] = safeDecode(raw);
  }
  return cookies;
}

/** Cookies of the hosted UI: never readable by scripts, sent on top-level navigations only. */
export function cookie(name: string, value: string, maxAgeSeconds: number): string {
  return `${name}=${encodeURIComponent(value)}; Max-Age=${maxAgeSeconds}; Path=/; HttpOnly; SameSite=Lax`;
}

export function clearCookie(name: string): string {
  return `${name}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax`;
}

/** Parses `Authorization: Basic` into id and secret; undefined when absent or malformed. */
export function basicCredentials(header: string | undefined): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}

/** Appends parameters to a URL that may already have a query. */
export function withQuery(url: string, params: Record<string, string | undefined>): string {
  const target = new URL(url);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) target.searchParams.append(key, value);
  return target.toString();
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
