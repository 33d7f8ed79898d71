// The AsyncAPI specification's own examples (test/fixtures/asyncapi, Apache-2.0) import to
// scenarios that validate and run, and say what they could not map; a document that breaks
// the specification gives the parser's first diagnostic with its path.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario, validateScenario } from '../../src/engine/index';
import { importAsyncApi } from '../../src/asyncapi/parse';
import { AsyncApiInvalid } from '../../src/asyncapi/types';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/asyncapi/${name}`, import.meta.url), 'utf8');

const examples = [
  {
    file: 'streetlights-kafka-3.0.yml', version: '3.0.0', broker: 'kafka',
    entities: ['lightingMeasured', 'lightTurnOn', 'lightTurnOff', 'lightsDim'],
    consumers: ['receiveLightMeasurement'], publishers: ['turnOn', 'turnOff', 'dimLight'],
    unmapped: ['servers.scram-connections', 'channels.lightTurnOn.parameters', 'operations.turnOn.bindings.kafka.clientId', 'messages.lightMeasured.headers'],
  },
  {
    file: 'streetlights-mqtt-2.6.yml', version: '2.6.0', broker: 'generic',
    entities: ['smartylighting/streetlights/1/0/event/streetlightId/lighting/measured'],
    consumers: ['receiveLightMeasurement'], publishers: ['turnOn', 'turnOff', 'dimLight'],
    unmapped: ['servers.production.protocol', 'operations.turnOn.bindings.mqtt'],
  },
  {
    file: 'rpc-server-amqp-3.0.yml', version: '3.0.0', broker: 'rabbitmq',
    entities: ['queue', 'rpc_queue'], consumers: ['sum'], publishers: ['sendSumResult'],
    unmapped: ['channels.queue.parameters', 'channels.queue.bindings.amqp.queue.exclusive', 'messages.sum.correlationId'],
  },
  {
    file: 'rpc-server-amqp-2.6.yml', version: '2.6.0', broker: 'rabbitmq',
    entities: ['queue', 'rpc_queue'], consumers: ['sum'], publishers: ['sendSumResult'],
    unmapped: ['channels.rpc_queue.bindings.amqp.queue.durable'],
  },
];

describe('AsyncAPI import of the specification examples', () => {
  for (const ex of examples) {
    it(`${ex.file}: maps, validates, runs and lists what it did not map`, async () => {
      const { scenario, version, unmapped } = await importAsyncApi(fixture(ex.file));
      expect(version).toBe(ex.version);
      expect(scenario.broker).toBe(ex.broker);
      expect(validateScenario(scenario)).toEqual([]);
      for (const name of ex.entities) expect(scenario.entities.map((e) => e.name)).toContain(name);
      const app = scenario.services.find((s) => s.name !== 'Outside')!;
      expect(app.handlers.filter((h) => h.consumes).map((h) => h.name)).toEqual(ex.consumers);
      expect(app.handlers.filter((h) => !h.consumes).map((h) => h.name)).toEqual(ex.publishers);
      // Each publisher is driven by the workload with an example body from the document.
      for (const p of ex.publishers) expect(scenario.workload.some((w) => w.handler === p && w.body !== null)).toBe(true);
      const paths = unmapped.map((u) => u.path);
      for (const p of ex.unmapped) expect(paths).toContain(p);
      for (const u of unmapped) expect(u.reason.length).toBeGreaterThan(10);

      const result = runScenario(scenario, { seed: 1 });
      expect(result.metrics.counts.acked).toBeGreaterThan(0);
      expect(result.checks.every((c) => c.valid), JSON.stringify(result.checks)).toBe(true);
    }, 60_000);
  }

  it('carries payload schemas and examples over: the Kafka dim command and its percentage', async () => {
    const { scenario } = await importAsyncApi(fixture('streetlights-kafka-3.0.yml'));
    const dim = scenario.messages.find((m) => m.type === 'dimLight')!;
    expect(dim.to).toBe('lightsDim');
    expect(dim.schema?.['1']?.percentage).toEqual({ type: 'number', required: false, description: 'Percentage to which the light should be dimmed to.' });
    const body = scenario.workload.find((w) => w.handler === 'dimLight')!.body as Record<string, unknown>;
    expect(body).toEqual({ percentage: 0, sentAt: '2026-01-01T00:00:00Z' });
  }, 60_000);

  it('a document that breaks the specification gives the parser\'s first diagnostic and its path', async () => {
    const broken = fixture('rpc-server-amqp-3.0.yml').replace('action: send', 'action: sned');
    const error = await importAsyncApi(broken).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(AsyncApiInvalid);
    expect((error as AsyncApiInvalid).diagnostic.path).toBe('operations.sendSumResult.action');
    expect((error as AsyncApiInvalid).diagnostic.message).toMatch(/"send", "receive"/);
  }, 60_000);
});
