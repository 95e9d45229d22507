import type { LoggerService } from '@nestjs/common';
import { inspect } from 'node:util';

/**
 * A Nest logger that keeps every line, at every level, with its context and extra parameters
 * (stack traces included), so a suite can assert what the module would have printed.
 */
export class CaptureLogger implements LoggerService {
  readonly lines: string[] = [];

  private add(level: string, message: unknown, params: unknown[]): void {
    const text = [message, ...params].map((part) => (typeof part === 'string' ? part : inspect(part, { depth: 5 }))).join(' ');
    this.lines.push(`${level} ${text}`);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.add('log', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.add('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.add('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.add('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.add('verbose', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.add('fatal', message, params);
  }
}

/**
 * Lines of `lines` that contain one of `secrets` (or a piece of one at least 16 characters long),
 * or anything shaped like a JWT/JWE: the module must never log a token, code, secret or state.
 */
export function leaks(lines: readonly string[], secrets: Iterable<string>): string[] {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < 8) continue;
    needles.add(secret);
    // A token's segments leak it as much as the whole token does.
    for (const part of secret.split('.')) if (part.length >= 16) needles.add(part);
  }
  const jwtLike = /eyJ[\w-]{8,}\.[\w-]*\.?/;
  return lines.filter((line) => jwtLike.test(line) || [...needles].some((needle) => line.includes(needle)));
}
