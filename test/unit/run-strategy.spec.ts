import { Strategy } from 'passport';
import { describe, expect, it } from 'vitest';
import { runStrategy } from '../../src/cognito/hosted-ui/run-strategy.js';

/** A strategy whose authenticate() calls the action the test names. */
class Scripted extends Strategy {
  constructor(private readonly act: (self: Strategy & Record<string, (...args: unknown[]) => void>, req: unknown, options: unknown) => void) {
    super();
  }
  override authenticate(req: unknown, options?: unknown): void {
    this.act(this as never, req, options);
  }
}

describe('runStrategy', () => {
  it('resolves with the action the strategy took and its arguments', async () => {
    await expect(runStrategy(new Scripted((s) => s.success!({ id: 1 }, { state: 'x' })), {}, {})).resolves.toEqual({ action: 'success', user: { id: 1 }, info: { state: 'x' } });
    await expect(runStrategy(new Scripted((s) => s.redirect!('https://idp/authorize?x=1')), {}, {})).resolves.toEqual({ action: 'redirect', url: 'https://idp/authorize?x=1', status: undefined });
    await expect(runStrategy(new Scripted((s) => s.fail!({ message: 'no' }, 403)), {}, {})).resolves.toEqual({ action: 'fail', challenge: { message: 'no' }, status: 403 });
    await expect(runStrategy(new Scripted((s) => s.fail!(401)), {}, {})).resolves.toEqual({ action: 'fail', challenge: undefined, status: 401 });
    await expect(runStrategy(new Scripted((s) => s.pass!()), {}, {})).resolves.toEqual({ action: 'pass' });
    const boom = new Error('boom');
    await expect(runStrategy(new Scripted((s) => s.error!(boom)), {}, {})).resolves.toEqual({ action: 'error', error: boom });
  });

  it('a throwing strategy is an error outcome, not a rejection', async () => {
    const boom = new Error('sync');
    await expect(runStrategy(new Scripted(() => { throw boom; }), {}, {})).resolves.toEqual({ action: 'error', error: boom });
  });

  it('passes request and options through, and leaves the strategy itself untouched', async () => {
    const seen: unknown[] = [];
    const strategy = new Scripted((s, req, options) => {
      seen.push(req, options);
      s.success!(true);
    });
    const req = { query: {} };
    await runStrategy(strategy, req, { page: 'signUp' });
    expect(seen).toEqual([req, { page: 'signUp' }]);
    expect(Object.hasOwn(strategy, 'success')).toBe(false);
  });

  it('concurrent runs of one strategy do not share their actions', async () => {
    const strategy = new Scripted((s, req) => setTimeout(() => s.success!((req as { n: number }).n), 5 - (req as { n: number }).n));
    const outcomes = await Promise.all([1, 2, 3].map((n) => runStrategy(strategy, { n }, {})));
    expect(outcomes.map((o) => (o.action === 'success' ? o.user : undefined))).toEqual([1, 2, 3]);
  });
});
