// Reading an AsyncAPI document with a parser given by the caller: Node's `@asyncapi/parser`
// (parse.ts) or its browser bundle in the parser's worker (parse.worker.ts). A document with an
// error gives the parser's first error diagnostic with its path; warnings do not stop it.

import type { AsyncAPIDocumentInterface } from '@asyncapi/parser';
import { asyncApiToScenario } from './import';
import { AsyncApiInvalid, type AsyncApiDiagnostic, type AsyncApiImport } from './types';

/** What a parse needs of a parser: both builds of `@asyncapi/parser` give it. */
export interface AsyncApiParserLike {
  parse(text: string): Promise<{ document?: AsyncAPIDocumentInterface; diagnostics: { severity: number; message: string; path: (string | number)[] }[] }>;
}

/** Errors 0, warnings 1… (spectral's DiagnosticSeverity). */
const ERROR = 0;

/** Parses and validates a document; throws AsyncApiInvalid with the first error. */
export async function parseWith(parser: AsyncApiParserLike, text: string): Promise<AsyncAPIDocumentInterface> {
  const { document, diagnostics } = await parser.parse(text);
  const first = diagnostics.find((d) => d.severity === ERROR);
  if (first || !document) {
    const diagnostic: AsyncApiDiagnostic = first
      ? { message: first.message, path: first.path.map(String).join('.') }
      : { message: 'the parser returned no document', path: '' };
    throw new AsyncApiInvalid(diagnostic);
  }
  return document;
}

/** An AsyncAPI document's text → the scenario it maps to and what did not map. */
export async function importWith(parser: AsyncApiParserLike, text: string): Promise<AsyncApiImport> {
  return asyncApiToScenario(await parseWith(parser, text));
}
