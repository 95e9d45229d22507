/** The request headers that say where a browser request came from. */
export interface OriginHeaders {
  'sec-fetch-site'?: string | string[] | undefined;
  origin?: string | string[] | undefined;
}

const one = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);

/**
 * Whether a request that would act on the browser's session cookie comes from this app, not from
 * another site (cross-site request forgery). Browsers say so in Fetch Metadata (`Sec-Fetch-Site`:
 * `same-origin`, or `none` for a typed URL or a bookmark), and on POST in `Origin`. A request with
 * neither header is not a browser's (browsers have sent `Origin` on cross-site POSTs for years), so a
 * POST without them passes; a GET without them does not, since browsers send neither on a
 * cross-site link.
 */
export function fromThisApp(headers: OriginHeaders, method: 'GET' | 'POST', appOrigins: readonly string[]): boolean {
  const site = one(headers['sec-fetch-site']);
  const origin = one(headers.origin);
  if (site === 'same-origin' || site === 'none') return true;
  if (origin !== undefined) return appOrigins.includes(origin);
  return site === undefined && method === 'POST';
}
