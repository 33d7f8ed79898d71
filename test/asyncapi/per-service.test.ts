// One AsyncAPI document per service: each is valid AsyncAPI 3.0 for the parser, holds that
// service's operations only (with the channels and messages they use), and together they hold
// every operation of the system document. Two scenarios: the parser costs ~1 s of CPU a document.

import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { defaultScenario } from '../../src/scenarios/index';
import { STARTERS } from '../../src/scenario-kit/starters';
import { scenarioToAsyncApi } from '../../src/asyncapi/export';
import { serviceToAsyncApi } from '../../src/asyncapi/per-service';
import { parseAsyncApi } from '../../src/asyncapi/parse';

type Doc = { operations: Record<string, { channel: { $ref: string }; 'x-brokerlab-handler'?: { service: string }; 'x-brokerlab-sends-from'?: { service: string } }>; channels: Record<string, { messages?: Record<string, { $ref: string }> }>; components: { messages: Record<string, unknown> } };

describe('AsyncAPI per service', () => {
  for (const scenario of [defaultScenario, STARTERS.find((s) => s.id === 'partitioned-log')!.make()]) {
    it(`${scenario.id}: a valid document per service, together the system's operations`, async () => {
      const system = scenarioToAsyncApi(scenario) as unknown as Doc;
      const seen: string[] = [];
      for (const svc of scenario.services) {
        const doc = serviceToAsyncApi(scenario, svc.name) as unknown as Doc;
        await parseAsyncApi(stringify(doc)); // throws on the parser's first error
        for (const [key, op] of Object.entries(doc.operations)) {
          expect((op['x-brokerlab-handler'] ?? op['x-brokerlab-sends-from'])!.service).toBe(svc.name);
          expect(doc.channels[op.channel.$ref.replace('#/channels/', '')], key).toBeDefined();
          seen.push(key);
        }
        for (const ch of Object.values(doc.channels)) for (const m of Object.values(ch.messages ?? {})) expect(doc.components.messages[m.$ref.replace('#/components/messages/', '')]).toBeDefined();
        expect(parse(stringify(doc))['x-brokerlab']).toBeUndefined();
      }
      expect(seen.sort()).toEqual(Object.keys(system.operations).sort());
    }, 60_000);
  }
});
