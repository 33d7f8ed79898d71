// AsyncAPI import in the browser, in a worker of its own. The AsyncAPI parser validates with
// spectral and ajv, which compile their checks with `new Function`: the page's policy (and the
// simulator worker's) forbids that, and stays as it is. This worker is built to its own folder
// (`parser/`, vite.config.ts) and served with its own policy (public/_headers): `'unsafe-eval'`
// for its scripts and nothing else — no network, no storage, no DOM; it gets the document's text
// and gives back the import (plain data: scenario, version, what did not map) or the parser's
// first diagnostic. The parser is the project's browser bundle, loaded with this worker only.

import ParserBundle from '@asyncapi/parser/browser/index.js';
import { importWith, type AsyncApiParserLike } from './parse-core';
import { AsyncApiInvalid } from './types';

export type ParseRequest = { id: number; text: string };
export type ParseReply = { id: number } & ({ ok: true; result: import('./types').AsyncApiImport } | { ok: false; diagnostic: import('./types').AsyncApiDiagnostic });

type ParserClass = new (options: object) => AsyncApiParserLike;
let parser: AsyncApiParserLike | null = null;

self.onmessage = async (event: MessageEvent<ParseRequest>) => {
  const { id, text } = event.data;
  let reply: ParseReply;
  try {
    // The UMD bundle's export is the package's default export, the Parser class (older builds: an object holding it).
    const bundle = ParserBundle as unknown as ParserClass | { Parser?: ParserClass; default?: ParserClass };
    const Parser = typeof bundle === 'function' ? bundle : (bundle.Parser ?? bundle.default);
    if (typeof Parser !== 'function') throw new Error('the AsyncAPI parser bundle has no Parser');
    parser ??= new Parser({ ruleset: { core: true, recommended: false } });
    reply = { id, ok: true, result: await importWith(parser, text) };
  } catch (e) {
    reply = { id, ok: false, diagnostic: e instanceof AsyncApiInvalid ? e.diagnostic : { message: e instanceof Error ? e.message : String(e), path: '' } };
  }
  self.postMessage(reply);
};
