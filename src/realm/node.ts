// The handler realm for Node (vitest setup, CLI, benchmarks): the wasm file read from node_modules,
// and the emscripten glue's CommonJS build (its ES module build for Node awaits an import before
// it instantiates, so it cannot make an instance synchronously; quickjs.ts needs that).

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { loadHandlerRealm, type EmscriptenLoader } from './quickjs';

const require = createRequire(import.meta.url);

export function loadHandlerRealmInNode() {
  return loadHandlerRealm(
    () => readFile(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm')),
    async () => require('@jitl/quickjs-wasmfile-release-sync/emscripten-module') as EmscriptenLoader,
  );
}
