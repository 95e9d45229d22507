import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PreTokenGenerationTrigger } from './context.js';
import type { LocalPreTokenGeneration, PreTokenGenerationHandler } from './pool.js';
import { PoolConfigError } from './pool-validation.js';

/**
 * Turns the pool's `preTokenGeneration` into a callable trigger. A string handler is a module
 * path, relative to the pool file (or to the working directory for a pool given in code), with
 * an optional `#exportName`; like a Lambda, the export is `handler` unless named.
 */
export async function loadTrigger(config: LocalPreTokenGeneration | undefined, baseDir: string, source: string): Promise<PreTokenGenerationTrigger | undefined> {
  if (!config) return undefined;
  if (typeof config.handler === 'function') return { lambdaVersion: config.lambdaVersion, handler: config.handler };
  const [modulePath = '', exportName = 'handler'] = config.handler.split('#');
  const file = isAbsolute(modulePath) ? modulePath : resolve(baseDir, modulePath);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new PoolConfigError([`preTokenGeneration.handler: cannot load ${file}: ${(error as Error).message}`], source);
  }
  const handler = module[exportName] ?? (config.handler.includes('#') ? undefined : module.default);
  if (typeof handler !== 'function') throw new PoolConfigError([`preTokenGeneration.handler: ${file} exports no function "${exportName}"`], source);
  return { lambdaVersion: config.lambdaVersion, handler: handler as PreTokenGenerationHandler };
}
