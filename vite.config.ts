import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const root = resolve(import.meta.dirname, 'client');

/**
 * One config for the client build (Vite) and the test runner (Vitest).
 * The client is a multi-page build: the widget, the desktop harness and the CRM receiver page.
 */
export default defineConfig({
  root,
  base: './',
  build: {
    outDir: resolve(import.meta.dirname, 'dist/client'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        widget: resolve(root, 'widget/index.html'),
      },
    },
  },
  test: {
    root: import.meta.dirname,
    include: ['test/**/*.test.ts', 'client/**/*.test.ts', 'server/**/*.test.ts', 'emulator/**/*.test.ts', 'manifest/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
