import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';

/**
 * The handshake between `npm run bench` / `npm run load` and the app servers they spawn: the child
 * prints `READY <port>` once it listens, and ends when told (SIGTERM) or when its parent dies.
 */

/** Child side: announce the port, then live until the orchestrator ends us. */
export function announceReady(app: INestApplication): void {
  const { port } = app.getHttpServer().address() as AddressInfo;
  process.stdout.write(`READY ${port}\n`);
  // The orchestrator ends us with SIGTERM, or by closing stdin if it dies first.
  process.stdin.resume().on('end', () => process.exit(0));
}

/** Parent side: the port `child` (spawned with piped stdin and stdout) listens on, once it says so. */
export function readyPort(child: ChildProcess, name: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: string) => {
      output += chunk;
      const match = /READY (\d+)/.exec(output);
      if (match) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(Number(match[1]));
      }
    };
    child.stdout!.setEncoding('utf8').on('data', onData);
    child.on('exit', (code) => reject(new Error(`${name} exited with ${code} before it was ready`)));
  });
}

/** Parent side: SIGTERM, and wait for the exit. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
