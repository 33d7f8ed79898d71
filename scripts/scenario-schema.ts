// The JSON Schema of the scenario format, derived from its TypeScript types
// (src/engine/scenario/types.ts) by ts-json-schema-generator: the types are the one source of
// truth, the schema is a build product checked into the repository (the editor's JSON pane
// gives it to monaco; people's own editors can use it for .brokerlab.json scenarios).
// `npm run schema` writes it; test/scenario/schema.test.ts fails when it is out of date.
//
// The schema says what the types say — structure, field types, the enums, required fields,
// no unknown keys where the type has none — with the types' doc comments as descriptions.
// What only the engine knows (a handler consuming an entity that exists, a check's options,
// the bounds of a link) stays in the engine's validation (scenario/validate.ts), which runs on
// every edit too.

import { createGenerator } from 'ts-json-schema-generator';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SCENARIO_SCHEMA_PATH = fileURLToPath(new URL('../src/engine/scenario/scenario.schema.json', import.meta.url));
const TYPES_PATH = fileURLToPath(new URL('../src/engine/scenario/types.ts', import.meta.url));
// The engine's compiler options (lib ES2022 only): ten times faster than the default libs.
const TSCONFIG_PATH = fileURLToPath(new URL('../tsconfig.engine.json', import.meta.url));

/** The schema as text, exactly as it is checked in. */
export function scenarioSchemaText(): string {
  const schema = createGenerator({
    path: TYPES_PATH,
    tsconfig: TSCONFIG_PATH,
    type: 'Scenario',
    expose: 'export',
    topRef: true,
    jsDoc: 'extended',
    sortProps: true,
    strictTuples: false,
    additionalProperties: false,
    // types.ts is type-checked by the project's own tsc (tsconfig.engine.json).
    skipTypeCheck: true,
  }).createSchema('Scenario');
  schema.title = 'Brokerlab scenario';
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCENARIO_SCHEMA_PATH, scenarioSchemaText());
  console.log(`wrote ${SCENARIO_SCHEMA_PATH}`);
}
