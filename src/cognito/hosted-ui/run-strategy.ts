import type { Strategy } from 'passport';

/** How one run of a Passport strategy ended: the action it called, with its arguments. */
export type StrategyOutcome =
  | { action: 'success'; user: unknown; info: unknown }
  | { action: 'fail'; challenge: unknown; status?: number }
  | { action: 'redirect'; url: string; status?: number }
  | { action: 'pass' }
  | { action: 'error'; error: unknown };

type Actions = {
  success(user: unknown, info?: unknown): void;
  fail(challenge?: unknown, status?: number): void;
  redirect(url: string, status?: number): void;
  pass(): void;
  error(error: unknown): void;
  authenticate(req: unknown, options?: unknown): void;
};

/**
 * Runs a strategy for one request as `passport.authenticate()` does (a fresh `Object.create()` of
 * it, given the five actions), but hands the outcome back instead of writing to the response, so
 * the caller decides what it becomes. No registry lookup, no `req.user`, no framework assumptions.
 */
export function runStrategy(strategy: Strategy, req: unknown, options: unknown): Promise<StrategyOutcome> {
  return new Promise((resolve) => {
    const run = Object.create(strategy) as Actions;
    run.success = (user, info) => resolve({ action: 'success', user, info });
    run.fail = (challenge, status) => resolve(typeof challenge === 'number' ? { action: 'fail', challenge: undefined, status: challenge } : { action: 'fail', challenge, status });
    run.redirect = (url, status) => resolve({ action: 'redirect', url, status });
    run.pass = () => resolve({ action: 'pass' });
    run.error = (error) => resolve({ action: 'error', error });
    try {
      run.authenticate(req, options);
    } catch (error) {
      resolve({ action: 'error', error });
    }
  });
}
