// The handler realm in the browser (the simulator worker at boot): the wasm file is an asset of
// the build, fetched from the site itself (it works offline from dist/).

import wasmUrl from '@jitl/quickjs-wasmfile-release-sync/wasm?url';
import { loadHandlerRealm } from './quickjs';
export { handlerRealmWasmModule } from './quickjs';

/** Loads the realm; `module`: the wasm already compiled by another worker (a check helper's, from the simulator worker). */
export function loadHandlerRealmInBrowser(module?: WebAssembly.Module) {
  return loadHandlerRealm(async () => {
    if (module) return module;
    const response = await fetch(wasmUrl);
    if (!response.ok) throw new Error(`could not load the handler realm (${wasmUrl}): HTTP ${response.status}`);
    return response.arrayBuffer();
  });
}
