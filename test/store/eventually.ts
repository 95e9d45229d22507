/**
 * Polls `check` until it returns without throwing, or fails with its last error after
 * `withinMs`. A bounded deadline, never a fixed sleep: fast when the condition is met early.
 */
export async function eventually<T>(check: () => T | Promise<T>, withinMs = 5000, pollMs = 5): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }
}
