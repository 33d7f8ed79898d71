// `vite preview` serves dist/ with the headers public/_headers gives each path (headers.ts), so
// what the browser tests and `npm run preview` see is what a static host serving that file
// sends: the Content-Security-Policy with frame-ancestors, for the app, the embed and the
// workers. The dev server is left as it is (the meta tags still apply there).

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { headersFor, parseHeaders } from './headers.ts';

export function staticHostHeaders(file = 'public/_headers'): Plugin {
  return {
    name: 'brokerlab-static-host-headers',
    configurePreviewServer(server) {
      const rules = parseHeaders(readFileSync(resolve(server.config.root, file), 'utf8'));
      const base = server.config.base.startsWith('/') ? server.config.base : '/';
      server.middlewares.use((req, res, next) => {
        // Not `new URL(req.url, base)`: a path such as `//#/lessons` would read as a host.
        const pathname = (req.url ?? '/').split(/[?#]/)[0]!.replace(/^\/+/, '/');
        const path = pathname.startsWith(base) ? `/${pathname.slice(base.length)}` : pathname;
        for (const [name, value] of Object.entries(headersFor(rules, path))) res.setHeader(name, value);
        next();
      });
    },
  };
}
