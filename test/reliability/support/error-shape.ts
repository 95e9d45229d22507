import type { Answer } from './http-driver.js';

/** Who wrote a 4xx answer: the module (its error shape), Nest, Fastify, or Node's HTTP parser. */
export type Author = 'module' | 'nest' | 'fastify' | 'node' | 'unknown';

const MODULE_KEYS = new Set(['statusCode', 'error', 'message', 'reason']);

function json(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The module's error shape is `{ statusCode, error, message, reason? }` with a snake_case `error`
 * (README, Errors). Nest's own HttpExceptions have the same keys but a title-case `error`
 * ("Bad Request"); Fastify's own add an `FST_...` `code`; Node's parser answers with no body.
 */
export function authorOf(answer: Answer): Author {
  if (answer.text === '') return 'node';
  const body = json(answer.text);
  if (body === undefined) return 'unknown';
  const keys = Object.keys(body);
  if (typeof body.code === 'string' && /^FST_/.test(body.code)) return 'fastify';
  if (
    keys.every((key) => MODULE_KEYS.has(key)) &&
    body.statusCode === answer.status &&
    typeof body.error === 'string' &&
    /^[a-z_]+$/.test(body.error) &&
    typeof body.message === 'string' &&
    (body.reason === undefined || (typeof body.reason === 'string' && /^[a-z_]+$/.test(body.reason)))
  ) {
    return 'module';
  }
  if (body.statusCode === answer.status && typeof body.message === 'string' && typeof body.error === 'string' && /^[A-Z]/.test(body.error)) return 'nest';
  // Fastify's content-type parser refusals (415) come through Nest's Fastify adapter without `error`.
  if (body.statusCode === answer.status && typeof body.message === 'string' && body.error === undefined) return 'fastify';
  return 'unknown';
}
