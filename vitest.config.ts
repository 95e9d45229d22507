import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Every suite that boots a Nest app runs once on Express and once on Fastify (test/apps/boot-app.ts).
const APP_SUITES = ['test/*.e2e.spec.ts', 'test/verifier.spec.ts'];

// esbuild (Vite's default transpiler) drops decorator metadata, which Nest's DI needs; SWC keeps it.
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'express', include: APP_SUITES, env: { TEST_PLATFORM: 'express' } } },
      { extends: true, test: { name: 'fastify', include: APP_SUITES, env: { TEST_PLATFORM: 'fastify' } } },
      { extends: true, test: { name: 'rest', include: ['test/**/*.spec.ts'], exclude: APP_SUITES } },
    ],
  },
});
