import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// esbuild (Vite's default transpiler) drops decorator metadata, which Nest's DI needs; SWC keeps it.
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    include: ['test/**/*.spec.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
