// Browser tests: Node-side vitest drives real Chromium (playwright-core) against the built
// site served by `vite preview`. Files run one at a time: each starts its own server + browser.

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/browser/**/*.test.ts'],
    // Node-side hashes to compare with the browser's need the handler realm too.
    setupFiles: ['test/setup-realm.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/browser.json' },
  },
});
