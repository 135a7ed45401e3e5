import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const root = resolve(import.meta.dirname, 'client');

/**
 * One config for the client build (Vite) and the test runner (Vitest).
 * The client is a multi-page build: the widget, the desktop harness and the CRM receiver page.
 * Output (`dist/client`): `widget/index.html`, `desktop/index.html`, `crm/index.html` and one
 * `assets/` folder of content-hashed files that the pages reference as `/assets/...`, so the
 * server serves each page at `/widget`, `/desktop`, `/crm` (no trailing slash needed) and
 * `dist/client/assets` at `/assets`. No inline script or style is emitted: the pages run under
 * `script-src 'self'; style-src 'self'` (Lit styles go through adoptedStyleSheets).
 * `.vite/manifest.json` lists each page's chunks (the bench sums the widget's from it).
 */
export default defineConfig({
  root,
  base: '/',
  resolve: {
    // The Client App SDK's ES build (its package.json points bundlers at an older UMD file).
    alias: [
      {
        find: /^purecloud-client-app-sdk$/,
        replacement: resolve(import.meta.dirname, 'node_modules/purecloud-client-app-sdk/dist/main.mjs'),
      },
    ],
  },
  build: {
    outDir: resolve(import.meta.dirname, 'dist/client'),
    emptyOutDir: true,
    target: 'es2022',
    manifest: true,
    // Chromium, Edge, Firefox and Safari all support <link rel=modulepreload>; the polyfill only
    // adds bytes to the widget.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    rollupOptions: {
      input: {
        widget: resolve(root, 'widget/index.html'),
        desktop: resolve(root, 'desktop/index.html'),
        crm: resolve(root, 'crm/index.html'),
      },
      output: {
        // Lit is shared by the three pages: one named chunk instead of one named after a module.
        manualChunks: (id) => (/node_modules\/(lit|lit-html|lit-element|@lit\/reactive-element)\//.test(id) ? 'lit' : undefined),
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
