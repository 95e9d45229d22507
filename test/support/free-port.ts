import { freePort } from '../../src/local-cognito/index.js';

export { freePort };

/**
 * Runs `start` with a free port, again with another one if something took the port in between
 * (EADDRINUSE), for servers whose own URL must be known before they start.
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePort());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= attempts) throw error;
    }
  }
}
