import { describe, expect, it } from 'vitest';
import { validateScenario, formatIssue } from '../../src/engine/index';
import { defaultScenario } from '../../src/scenarios/index';

const clone = () => JSON.parse(JSON.stringify(defaultScenario));
const messages = (s: unknown) => validateScenario(s).map(formatIssue);

describe('scenario validation', () => {
  it('accepts the built-in default scenario', () => {
    expect(validateScenario(defaultScenario)).toEqual([]);
  });

  it('names the path and the reason for a reference to a missing entity', () => {
    const s = clone();
    s.services[1].handlers[0].consumes = 'order';
    expect(messages(s)).toEqual(['services[1].handlers[0].consumes: no entity named "order"']);
  });

  it('reports every problem, not just the first', () => {
    const s = clone();
    s.messages[0].to = 'nowhere';
    s.services[0].handlers[0].concurrency = 0;
    s.workload[0].count = -3;
    s.entities[0].maxDeliveryCount = 'ten';
    expect(messages(s)).toEqual([
      'entities[0].maxDeliveryCount: must be a positive integer, got "ten"',
      'messages[0].to: no entity named "nowhere"',
      'services[0].handlers[0].concurrency: must be a positive integer',
      'workload[0].count: must be a positive integer up to 10,000, got -3',
    ]);
  });

  it('rejects non-objects and missing lists without throwing', () => {
    expect(messages(null)).toEqual(['a scenario must be an object']);
    expect(messages({ formatVersion: 1, id: 'x', title: 'x', broker: 'generic' })).toContain('entities: must be a list');
  });

  it('says when a file comes from a newer version', () => {
    const s = clone();
    s.formatVersion = 9;
    expect(messages(s)[0]).toMatch(/^formatVersion: format 9 is newer than this Brokerlab understands/);
  });

  it('refuses unknown checks, faults, built-ins and workload targets that are consumers', () => {
    const s = clone();
    s.checks = [{ name: 'no-such-check' }];
    s.faults = [{ type: 'meteor' }];
    s.workload[0].handler = 'MarkReserved';
    const out = messages(s);
    expect(out.some((m) => m.startsWith('checks[0].name: no check named "no-such-check"'))).toBe(true);
    expect(out.some((m) => m.startsWith('faults[0].type: no fault named "meteor"'))).toBe(true);
    expect(out).toContain('workload[0].handler: Ordering.MarkReserved consumes stock-events; the workload can only call entry handlers (without "consumes")');
  });

  it('refuses duplicate names', () => {
    const s = clone();
    s.entities[1].name = 'orders';
    s.services[1].name = 'Ordering';
    const out = messages(s);
    expect(out).toContain('entities[1].name: another entity is already named "orders"');
    expect(out).toContain('services[1].name: another service is already named "Ordering"');
  });
});
