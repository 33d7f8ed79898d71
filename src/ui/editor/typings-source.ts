// The handler API's source text, bundled as a string (vite `?raw`), and the typings built
// from it. Imported only by the lazily loaded editor, so it never weighs on first paint.

import apiSource from '../../engine/handlers/api.ts?raw';
import { buildHandlerTypings } from './typings';

export const handlerTypings = buildHandlerTypings(apiSource);
