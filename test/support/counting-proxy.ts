import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A pass-through HTTP proxy on 127.0.0.1 that counts requests by "METHOD /path", so tests can
 * see how often the module called Cognito's endpoints. `mode` simulates an outage or garbage.
 */
export class CountingProxy {
  readonly counts = new Map<string, number>();
  mode: 'pass' | 'down' | 'garbage' = 'pass';
  private server!: Server;
  url = '';

  static async start(target: string): Promise<CountingProxy> {
    const proxy = new CountingProxy();
    const upstream = new URL(target);
    proxy.server = createServer((req, res) => {
      const key = `${req.method} ${(req.url ?? '').split('?')[0]}`;
      proxy.counts.set(key, (proxy.counts.get(key) ?? 0) + 1);
      if (proxy.mode === 'down') {
        req.socket.destroy();
        return;
      }
      if (proxy.mode === 'garbage') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>');
        return;
      }
      const forward = request(
        { host: '127.0.0.1', port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => res.writeHead(502).end());
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.url = `http://localhost:${(proxy.server.address() as AddressInfo).port}`;
    return proxy;
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
