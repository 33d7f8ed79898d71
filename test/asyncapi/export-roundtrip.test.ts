// Every built-in scenario exports to an AsyncAPI 3.0 document the AsyncAPI parser reports
// valid, and importing that document gives the same scenario back: entities, handlers (code
// included, per service, in order), message types, and the rest that rides in extensions.
// The parser costs about a second of CPU per document (its validator compiles the
// specification's schema for every document), so this file takes ~20 s of CPU.

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtinScenarios } from '../../src/scenarios/index';
import { exportAsyncApiYaml, importAsyncApi } from '../../src/asyncapi/parse';

describe('AsyncAPI export of the built-in scenarios', () => {
  for (const scenario of builtinScenarios) {
    it(`${scenario.id}: valid 3.0, and imports back to the same scenario`, async () => {
      const yaml = exportAsyncApiYaml(scenario);
      const doc = parse(yaml);
      expect(doc.asyncapi).toBe('3.0.0');
      // Real AsyncAPI content, not only extensions: a channel per entity, an operation per consumer.
      expect(Object.keys(doc.channels).length).toBeGreaterThanOrEqual(scenario.entities.length);
      const consumers = scenario.services.flatMap((s) => s.handlers.filter((h) => h.consumes !== undefined));
      expect(Object.values(doc.operations).filter((o) => (o as { action: string }).action === 'receive').length).toBe(consumers.length);
      expect(Object.keys(doc.components.messages).length).toBe(scenario.messages.length);

      const back = await importAsyncApi(yaml); // throws AsyncApiInvalid on the parser's first error
      expect(back.version).toBe('3.0.0');
      expect(back.scenario.entities).toEqual(scenario.entities);
      expect(back.scenario.messages).toEqual(scenario.messages);
      expect(back.scenario.services).toEqual(scenario.services);
      expect(back.scenario).toEqual(scenario);
      expect(back.unmapped).toEqual([]);
    }, 60_000);
  }
});
