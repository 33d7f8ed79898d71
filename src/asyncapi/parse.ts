// Reading an AsyncAPI document with the AsyncAPI project's own parser (`@asyncapi/parser`):
// YAML or JSON, 2.x or 3.0, validated against the specification. The parser is heavy (its
// validator, spectral and ajv, ~2 MB) so it is imported on first use only. A document with an
// error gives the parser's first error diagnostic with its path; warnings do not stop it.

import type { AsyncAPIDocumentInterface, Parser } from '@asyncapi/parser';
import { stringify } from 'yaml';
import type { Json } from '../engine/scenario/json';
import type { Scenario } from '../engine/scenario/types';
import { scenarioToAsyncApi } from './export';
import { asyncApiToScenario } from './import';
import { AsyncApiInvalid, type AsyncApiDiagnostic, type AsyncApiImport } from './types';

let parser: Promise<Parser> | undefined;

function getParser(): Promise<Parser> {
  // Only the core rules (the specification's schema and its references): the recommended
  // style rules would warn about ids and descriptions a simulation does not need.
  parser ??= import('@asyncapi/parser').then((m) => new m.Parser({ ruleset: { core: true, recommended: false } }));
  return parser;
}

/** Errors 0, warnings 1… (spectral's DiagnosticSeverity). */
const ERROR = 0;

/** Parses and validates a document; throws AsyncApiInvalid with the first error. */
export async function parseAsyncApi(text: string): Promise<AsyncAPIDocumentInterface> {
  const p = await getParser();
  const { document, diagnostics } = await p.parse(text);
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
export async function importAsyncApi(text: string): Promise<AsyncApiImport> {
  return asyncApiToScenario(await parseAsyncApi(text));
}

/** A scenario as an AsyncAPI 3.0 YAML document. */
export function exportAsyncApiYaml(scenario: Scenario): string {
  return stringify(scenarioToAsyncApi(scenario) as Json, { lineWidth: 0, aliasDuplicateObjects: false });
}
