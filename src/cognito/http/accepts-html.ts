/** A media range of an Accept header with its quality (RFC 9110 §12.5.1). */
function ranges(accept: string): Array<{ type: string; q: number }> {
  return accept.split(',').map((part) => {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    return { type: type.trim(), q: Number.isFinite(quality) ? quality : 0 };
  });
}

/** How much the client wants `type`: the quality of the most specific range that covers it, and that specificity. */
function preference(accepted: Array<{ type: string; q: number }>, type: string): [quality: number, specificity: number] {
  const [major] = type.split('/');
  const candidates = [type, `${major}/*`, '*/*'];
  for (const [index, candidate] of candidates.entries()) {
    const match = accepted.find((r) => r.type === candidate);
    if (match) return [match.q, candidates.length - index];
  }
  return [0, 0];
}

/**
 * Whether the client would rather have HTML than JSON: a browser navigating, not an API call.
 * Like Express's `req.accepts(['json', 'html']) === 'html'`: the higher quality wins, then the more
 * specific range; JSON wins a full tie and a missing header.
 */
export function acceptsHtml(accept: unknown): boolean {
  if (typeof accept !== 'string' || accept.length === 0 || accept.length > 1024) return false;
  const accepted = ranges(accept);
  const [html, htmlSpecificity] = preference(accepted, 'text/html');
  const [json, jsonSpecificity] = preference(accepted, 'application/json');
  return html > 0 && (html > json || (html === json && htmlSpecificity > jsonSpecificity));
}
