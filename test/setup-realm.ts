// Loads the handler realm (QuickJS wasm) before any test runs handler code.
import { loadHandlerRealmInNode } from '../src/realm/node';

await loadHandlerRealmInNode();
