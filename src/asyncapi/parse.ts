// Reading an AsyncAPI document in Node (CLI, tests) with the AsyncAPI project's own parser
// (`@asyncapi/parser`): YAML or JSON, 2.x or 3.0, validated against the specification
// (parse-core.ts). The parser is heavy (its validator, spectral and ajv, ~2 MB) so it is
// imported on first use only. The browser reads documents in a worker (parse.worker.ts).

import type { AsyncAPIDocumentInterface, Parser } from '@asyncapi/parser';
import { stringify } from 'yaml';
import type { Json } from '../engine/scenario/json';
import type { Scenario } from '../engine/scenario/types';
import { scenarioToAsyncApi } from './export';
import { importWith, parseWith } from './parse-core';
import type { AsyncApiImport } from './types';

let parser: Promise<Parser> | undefined;

function getParser(): Promise<Parser> {
  // Only the core rules (the specification's schema and its references): the recommended
  // style rules would warn about ids and descriptions a simulation does not need.
  parser ??= import('@asyncapi/parser').then((m) => new m.Parser({ ruleset: { core: true, recommended: false } }));
  return parser;
}

/** Parses and validates a document; throws AsyncApiInvalid with the first error. */
export async function parseAsyncApi(text: string): Promise<AsyncAPIDocumentInterface> {
  return parseWith(await getParser(), text);
}

/** An AsyncAPI document's text → the scenario it maps to and what did not map. */
export async function importAsyncApi(text: string): Promise<AsyncApiImport> {
  return importWith(await getParser(), text);
}

/** A scenario as an AsyncAPI 3.0 YAML document. */
export function exportAsyncApiYaml(scenario: Scenario): string {
  return stringify(scenarioToAsyncApi(scenario) as Json, { lineWidth: 0, aliasDuplicateObjects: false });
}
