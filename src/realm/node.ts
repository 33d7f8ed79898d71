// The handler realm for Node (vitest setup, CLI, benchmarks): the wasm file read from node_modules.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { loadHandlerRealm } from './quickjs';

const require = createRequire(import.meta.url);

export function loadHandlerRealmInNode() {
  return loadHandlerRealm(() => readFile(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm')));
}
