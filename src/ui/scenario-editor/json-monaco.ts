// Monaco for the scenario's JSON: the same monaco the Code tab loads (editor/monaco.ts, on
// demand), with the JSON language and the scenario's JSON Schema (generated from the engine's
// types, scripts/scenario-schema.ts) wired into its diagnostics, hovers and completion. Only
// ever imported dynamically, when the editor's JSON pane first shows.

import { monaco } from '../editor/monaco';
import { jsonDefaults } from 'monaco-editor/languages/features/json/register';
import scenarioSchema from '../../engine/scenario/scenario.schema.json';

/** The pane's model (one at a time); the schema is matched to it. */
export const SCENARIO_MODEL_URI = 'inmemory://brokerlab/scenario.json';

jsonDefaults.setDiagnosticsOptions({
  validate: true,
  allowComments: false,
  comments: 'error',
  trailingCommas: 'error',
  schemaValidation: 'error',
  enableSchemaRequest: false,
  schemas: [{ uri: 'inmemory://brokerlab/scenario.schema.json', fileMatch: [SCENARIO_MODEL_URI], schema: scenarioSchema }],
});

export { monaco };
