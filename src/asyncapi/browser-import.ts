// The page's side of the AsyncAPI import: starts the parser's worker (parse.worker.ts) on first
// use and asks it to import a document's text. The answer is checked for shape before it is
// used (the worker is ours, but a structured clone is still data); the scenario it carries is
// validated by the editor like anything typed.

import type { AsyncApiDiagnostic, AsyncApiImport } from './types';
import type { ParseReply } from './parse.worker';

/** A document larger than this is refused before it is sent (the parser would take minutes). */
export const ASYNCAPI_TEXT_MAX_CHARS = 2_000_000;
const TIMEOUT_MS = 60_000;

let worker: Worker | null = null;
let nextId = 1;

export type BrowserImport = { ok: true; result: AsyncApiImport } | { ok: false; diagnostic: AsyncApiDiagnostic };

export function importAsyncApiInWorker(text: string): Promise<BrowserImport> {
  if (text.length > ASYNCAPI_TEXT_MAX_CHARS) return Promise.resolve({ ok: false, diagnostic: { message: `the document is ${text.length.toLocaleString('en')} characters; at most ${ASYNCAPI_TEXT_MAX_CHARS.toLocaleString('en')} are read`, path: '' } });
  worker ??= new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module', name: 'asyncapi-parser' });
  const w = worker;
  const id = nextId++;
  return new Promise((resolve) => {
    const done = (reply: BrowserImport) => {
      clearTimeout(timer);
      w.removeEventListener('message', onMessage);
      w.removeEventListener('error', onError);
      resolve(reply);
    };
    const onMessage = (event: MessageEvent<ParseReply>) => {
      const r = event.data;
      if (!r || r.id !== id) return;
      if (r.ok && typeof r.result?.scenario === 'object' && Array.isArray(r.result.unmapped)) done({ ok: true, result: r.result });
      else if (!r.ok && typeof r.diagnostic?.message === 'string') done({ ok: false, diagnostic: r.diagnostic });
      else done({ ok: false, diagnostic: { message: 'the parser answered something unexpected', path: '' } });
    };
    const onError = (event: ErrorEvent) => {
      worker = null; // a worker that failed to start is not reused
      done({ ok: false, diagnostic: { message: `the AsyncAPI parser could not run in this browser (${event.message || 'worker error'})`, path: '' } });
    };
    const timer = setTimeout(() => done({ ok: false, diagnostic: { message: `the parser took longer than ${TIMEOUT_MS / 1000} s`, path: '' } }), TIMEOUT_MS);
    w.addEventListener('message', onMessage);
    w.addEventListener('error', onError);
    w.postMessage({ id, text });
  });
}
