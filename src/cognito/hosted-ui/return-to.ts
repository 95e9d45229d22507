const PROBE_ORIGIN = 'http://return-to.invalid';

/**
 * The `returnTo` of a sign-in, made safe against open redirects: a path on this app, or an
 * absolute URL under one of `allowed`. Returns undefined when it is neither. The value is
 * judged by the WHATWG URL parser, as browsers judge it, so tricks like `//evil.example`,
 * `/\evil.example` or `/\t/evil.example` resolve to another origin and are refused.
 */
export function safeReturnTo(value: unknown, allowed: readonly string[]): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return undefined;
  // Backslashes and control characters have no business in a return path, and browsers bend them.
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return undefined;
  }
  if (value.startsWith('/')) {
    // Judge the normalized path, not the input: dot segments turn `/.//evil.example` into `//evil.example`.
    const path = url.pathname + url.search + url.hash;
    return url.origin === PROBE_ORIGIN && !value.startsWith('//') && !path.startsWith('//') ? path : undefined;
  }
  if (url.origin === PROBE_ORIGIN || (url.protocol !== 'https:' && url.protocol !== 'http:')) return undefined;
  const permitted = allowed.some((entry) => {
    const base = new URL(entry);
    // A path entry covers itself and what is below it: /app allows /app and /app/x, not /app-x.
    const root = base.pathname.replace(/\/+$/, '');
    return base.origin === url.origin && (url.pathname === root || url.pathname.startsWith(`${root}/`));
  });
  return permitted ? url.href : undefined;
}
