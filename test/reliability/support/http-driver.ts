import { Agent, request } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';

export interface Probe {
  method: 'GET' | 'POST';
  /** Path and query, as sent. */
  path: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
}

type RequestError = NodeJS.ErrnoException & { reusedSocket?: boolean };

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** The port an app listens on (127.0.0.1). */
export function portOf(app: INestApplication): number {
  return (app.getHttpServer().address() as AddressInfo).port;
}

/**
 * Sends requests to an app listening on 127.0.0.1 over keep-alive connections: much cheaper per
 * request than supertest, which is what lets a fuzz send tens of thousands of them in seconds.
 */
export class HttpDriver {
  private readonly agent: Agent;

  constructor(
    private readonly port: number,
    connections = 8,
  ) {
    // FIFO keeps every connection busy, so none sits idle near the server's keep-alive timeout.
    this.agent = new Agent({ keepAlive: true, maxSockets: connections, scheduling: 'fifo' });
  }

  /**
   * `fresh` sends on a connection of its own, closed after the answer: for requests the server
   * refuses at the parser (431), after which it drops the connection, which would otherwise break
   * the next request written to it.
   */
  async send(probe: Probe, fresh = false): Promise<Answer> {
    try {
      return await this.sendOnce(probe, fresh);
    } catch (error) {
      // A kept-alive connection the server closed as idle just as we wrote to it (Node 20's server
      // and agent share the 5 s timeout): the request never reached the app. Node's docs advise one
      // retry; on a fresh connection, so an input that really makes the server drop it fails again.
      if ((error as RequestError).reusedSocket && (error as RequestError).code === 'ECONNRESET') return this.sendOnce(probe, true);
      throw error;
    }
  }

  private sendOnce(probe: Probe, fresh: boolean): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | string[] | number> = { ...probe.headers };
      if (fresh) headers.connection = 'close';
      if (probe.body !== undefined) headers['content-length'] = Buffer.byteLength(probe.body);
      const req = request({ host: '127.0.0.1', port: this.port, method: probe.method, path: probe.path, headers, agent: fresh ? false : this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', (error: RequestError) => {
        error.reusedSocket = req.reusedSocket;
        reject(error);
      });
      req.end(probe.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * Runs `count` tasks with at most `concurrency` in flight; `task(i)` builds and sends the i-th.
 * Stops at the first failure and rethrows it.
 */
export async function runPool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown;
  const worker = async () => {
    while (failed === undefined && next < count) {
      const i = next++;
      try {
        await task(i);
      } catch (error) {
        failed ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (failed !== undefined) throw failed;
}

/**
 * A request written byte for byte on a fresh socket, for what Node's HTTP client refuses to send
 * (CR/LF or NUL in a header: header injection). Resolves with the status line's code, 0 when the
 * server closed without answering.
 */
export function sendRaw(port: number, raw: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ status: match ? Number(match[1]) : 0, text });
    });
    socket.setTimeout(10_000, () => socket.destroy(new Error('raw request: no answer within 10 s')));
    socket.end(Buffer.from(raw, 'latin1'));
  });
}
