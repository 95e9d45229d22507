import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeAnswer {
  status: number;
  body: unknown;
}

/**
 * A hostile or broken "Cognito domain" on 127.0.0.1: `POST /oauth2/token` answers whatever the
 * test's handler returns (e.g. real tokens minted for another nonce or client), so the module's
 * checks of a code exchange can be tried against a token endpoint that lies.
 */
export class FakeTokenEndpoint {
  private server!: Server;
  url = '';
  readonly requests: URLSearchParams[] = [];

  static async start(handler: (form: URLSearchParams) => Promise<FakeAnswer>): Promise<FakeTokenEndpoint> {
    const fake = new FakeTokenEndpoint();
    fake.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (req.method !== 'POST' || req.url !== '/oauth2/token') {
          res.writeHead(404).end();
          return;
        }
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        fake.requests.push(form);
        handler(form).then(
          (answer) => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body)),
          () => res.writeHead(500).end(),
        );
      });
    });
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://localhost:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
