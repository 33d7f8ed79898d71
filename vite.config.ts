// Build, dev server and unit-test configuration. The site is static with a relative base, so
// dist/ can be served from any path (GitHub Pages, a sub-folder, a file share). The simulator
// runs in an ES-module worker. Unit tests run in Node; browser tests have their own config
// (vitest.browser.config.ts) because they need a built site and real Chromium.

import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';
import { lessonsCheck } from './src/content/vite-plugin.ts';
import { staticHostHeaders } from './src/site/headers-plugin.ts';

export default defineConfig({
  base: './',
  plugins: [svelte(), lessonsCheck(), staticHostHeaders()],
  // No timing report from the worker's build either (its wasm asset is slow to copy, by nature).
  // The AsyncAPI parser's worker is written to parser/, apart from assets/: it is served with a
  // policy of its own that lets ajv compile (public/_headers; src/asyncapi/parse.worker.ts).
  worker: {
    format: 'es',
    rollupOptions: {
      checks: { bundlerTimings: false },
      output: { entryFileNames: (chunk) => (chunk.name.startsWith('parse.worker') ? 'parser/[name]-[hash].js' : 'assets/[name]-[hash].js') },
    },
  },
  build: {
    outDir: 'dist',
    target: 'es2022',
    sourcemap: true,
    // Two pages: the app, and embed mode for iframes (src/embed: no editor, no monaco).
    // The lessons check (every lesson solved at build time) is slow by design: no timing report.
    rollupOptions: { input: { main: 'index.html', embed: 'embed.html' }, checks: { bundlerTimings: false } },
    // Monaco (its TypeScript worker is ~7 MB), mermaid and the worker's engine are big by nature
    // and load on demand, never at first paint; `npm run bench:ui` watches first paint instead.
    chunkSizeWarningLimit: 8000,
  },
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**', 'dist/**'],
    // Handler code runs in a QuickJS realm: its wasm module is loaded once per test file.
    setupFiles: ['test/setup-realm.ts'],
    // A hang guard, not a speed assertion (speed lives in the benchmarks): lesson matrices take
    // a few seconds alone and several times that on a busy 2-core machine.
    testTimeout: 30_000,
    // The JSON report feeds the one-line total that .ci/run prints.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/unit.json' },
  },
});
