import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';

/**
 * Fetches a JWKS document: resolves to the parsed JSON body of a 2xx answer and rejects on
 * anything else. The key store checks the shape, so a fetcher only moves bytes.
 */
export type JwksFetcher = (jwksUri: string) => Promise<unknown>;

// A Cognito JWKS is under 2 KB; anything near this is not a JWKS, and must not fill the memory.
const MAX_BODY_BYTES = 1 << 20;

/** The default fetcher: one GET over node:http(s), the whole exchange bounded by `timeoutMs`. */
export function httpJwksFetcher(timeoutMs: number): JwksFetcher {
  return (jwksUri) =>
    new Promise((resolve, reject) => {
      const url = new URL(jwksUri);
      const get = url.protocol === 'https:' ? httpsGet : httpGet;
      const request = get(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } }, (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          res.resume();
          reject(new Error(`JWKS answered HTTP ${status}`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) request.destroy(new Error(`JWKS answer is larger than ${MAX_BODY_BYTES} bytes`));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch {
            reject(new Error('JWKS answer is not JSON'));
          }
        });
        res.on('error', reject);
      });
      request.on('error', reject);
    });
}
