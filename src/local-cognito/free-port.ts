import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A port on 127.0.0.1 that was free a moment ago, for an app under test whose callback URL must
 * be registered before it starts.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
