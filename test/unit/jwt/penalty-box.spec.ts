import { describe, expect, it } from 'vitest';
import { SimplePenaltyBox } from '../../../src/cognito/jwt/penalty-box.js';

describe('SimplePenaltyBox', () => {
  it('is open until a failure, closed for waitMs after it, then open again', () => {
    const box = new SimplePenaltyBox(6000);
    expect(box.isOpen(0)).toBe(true);
    box.registerFailure(1000);
    expect(box.isOpen(1000)).toBe(false);
    expect(box.isOpen(6999)).toBe(false);
    expect(box.isOpen(7000)).toBe(true);
  });

  it('a success opens it at once', () => {
    const box = new SimplePenaltyBox(6000);
    box.registerFailure(0);
    box.registerSuccess();
    expect(box.isOpen(1)).toBe(true);
  });

  it('failures registered together (waiters of one fetch) do not shorten the wait', () => {
    const box = new SimplePenaltyBox(6000);
    box.registerFailure(5000);
    box.registerFailure(4000); // a waiter that read the clock earlier
    expect(box.isOpen(10_999)).toBe(false);
    expect(box.isOpen(11_000)).toBe(true);
  });
});
