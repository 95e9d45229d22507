import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';

const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

/**
 * A real `redis-server` on 127.0.0.1 and a free port, without persistence (so a restart comes back
 * empty, as a cache-only Redis does). It can be killed and restarted on the same port.
 */
export class RedisServer {
  private process?: ChildProcess;
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'nest-cognito-redis-'));

  private constructor(
    readonly port: number,
    private readonly password?: string,
  ) {}

  static async start(options: { password?: string } = {}): Promise<RedisServer> {
    const server = await RedisServer.unstarted(options);
    await server.restart();
    return server;
  }

  /** A free port with nothing listening on it yet (`restart()` starts the server there). */
  static async unstarted(options: { password?: string } = {}): Promise<RedisServer> {
    return new RedisServer(await freePort(), options.password);
  }

  url(db = 0): string {
    const auth = this.password === undefined ? '' : `:${encodeURIComponent(this.password)}@`;
    return `redis://${auth}127.0.0.1:${this.port}/${db}`;
  }

  get running(): boolean {
    return this.process !== undefined;
  }

  /** Starts it (again) on the same port, empty; resolves once it accepts connections. */
  async restart(): Promise<void> {
    if (this.process !== undefined) throw new Error('redis-server is already running');
    const child = spawn(
      REDIS_SERVER,
      [
        ...['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, '--loglevel', 'notice'],
        ...(this.password === undefined ? [] : ['--requirepass', this.password]),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.process = child;
    // Should the test process die without its afterAll, the server dies with it.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          child.stdout!.off('data', onData);
          child.stdout!.resume();
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('error', reject);
      child.once('exit', (code) => {
        if (this.process === child) this.process = undefined;
        reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`));
      });
    });
  }

  /** SIGKILL: the server vanishes at once, as in a crash. */
  kill(): Promise<void> {
    return this.signal('SIGKILL');
  }

  stop(): Promise<void> {
    return this.signal('SIGTERM');
  }

  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.process;
    if (child === undefined) return;
    this.process = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }
}

/** A redis-server for the calling suite: started in beforeAll, always killed in afterAll. */
export function useRedisServer(): { readonly server: RedisServer } {
  const holder = {} as { server: RedisServer };
  beforeAll(async () => {
    holder.server = await RedisServer.start();
  });
  afterAll(async () => {
    await holder.server?.dispose();
  });
  return holder;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
