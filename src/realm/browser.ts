// The handler realm in the browser (the simulator worker at boot): the wasm file is an asset of
// the build, fetched from the site itself (it works offline from dist/).

import wasmUrl from '@jitl/quickjs-wasmfile-release-sync/wasm?url';
import { loadHandlerRealm } from './quickjs';

export function loadHandlerRealmInBrowser() {
  return loadHandlerRealm(async () => {
    const response = await fetch(wasmUrl);
    if (!response.ok) throw new Error(`could not load the handler realm (${wasmUrl}): HTTP ${response.status}`);
    return response.arrayBuffer();
  });
}
