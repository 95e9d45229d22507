import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake answers one request: `form` is the parsed body of a POST. */
export type Behaviour = (req: IncomingMessage, res: ServerResponse, form: URLSearchParams) => void;

export type CognitoPath = '/oauth2/token' | '/oauth2/userInfo' | '/oauth2/revoke' | '/.well-known/jwks.json';

/**
 * A Cognito domain on 127.0.0.1 that breaks on demand: each OAuth endpoint answers as its
 * `Behaviour` says (hang, reset, 5xx, garbage, slow, or right). Unset endpoints answer 404.
 */
export class FaultyCognito {
  private server!: Server;
  url = '';
  readonly behaviours = new Map<CognitoPath, Behaviour>();
  readonly hits = new Map<string, number>();

  static async start(): Promise<FaultyCognito> {
    const fake = new FaultyCognito();
    fake.server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0] as CognitoPath;
      fake.hits.set(path, (fake.hits.get(path) ?? 0) + 1);
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const behaviour = fake.behaviours.get(path);
        if (!behaviour) return void res.writeHead(404).end();
        behaviour(req, res, new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      });
    });
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  on(path: CognitoPath, behaviour: Behaviour): void {
    this.behaviours.set(path, behaviour);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}

const json = (status: number, body: unknown, delayMs = 0): Behaviour => (_req, res) => {
  const send = () => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (delayMs) setTimeout(send, delayMs);
  else send();
};

/** The ways a Cognito endpoint can fail, and answer right (slowly). */
export const faults = {
  /** Accepts the connection and never answers. */
  hang: (): Behaviour => () => {},
  /** Sends the status line and headers, then never finishes the body. */
  hangInBody: (): Behaviour => (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
    res.write('{"access_token":"');
  },
  /** Closes the connection before answering. */
  resetBeforeAnswer: (): Behaviour => (req) => req.socket.destroy(),
  /** Closes the connection halfway through the body. */
  resetMidBody: (): Behaviour => (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
    res.write('{"access_token":"eyJ', () => setImmediate(() => res.socket?.destroy()));
  },
  status: (status: number, body: unknown = { error: 'internal_error' }): Behaviour => json(status, body),
  text: (status: number, contentType: string, text: string): Behaviour => (_req, res) => res.writeHead(status, { 'content-type': contentType }).end(text),
  json,
};
