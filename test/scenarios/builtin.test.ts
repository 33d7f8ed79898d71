// Every built-in scenario, on every seed it offers: valid, ends quiescent (not on a limit), and
// its checks pass — except the checks a scenario fails on purpose because the failure is what
// it shows (acks=1 losing an acknowledged payment, a message vanishing into a DLX that was never
// declared). Those are listed here with the reason, so a new red check is a test failure, not a
// surprise in the playground. Scenario-specific behaviour is tested next to each broker.

import { describe, expect, it } from 'vitest';
import { runScenario, validateScenario } from '../../src/engine/index';
import { builtinScenarios } from '../../src/scenarios/index';

const failsByDesign: Record<string, { checks: string[]; why: string }> = {
  'rabbitmq-priorities-timeout': { checks: ['no-loss', 'db-predicate'], why: 'a job rejected to a DLX that was never declared is dropped, and the report that outlived consumer_timeout runs twice' },
  'kafka-durability': { checks: ['no-loss', 'db-predicate'], why: 'the acks=1 ledger loses an acknowledged payment when the leader crashes' },
  'kafka-idempotent-producer': { checks: ['db-predicate'], why: 'without enable.idempotence a lost acknowledgement writes the record twice' },
  'kafka-static-membership': { checks: ['db-predicate'], why: 'without group.instance.id a restarted consumer stalls its group until its old session times out' },
  'kafka-log-compaction': { checks: ['db-predicate'], why: 'a reader of a compacted topic sees the latest value per key, not every change' },
  'rabbitmq-publisher-confirms': { checks: ['no-loss', 'db-predicate'], why: 'without publisher confirms the orders a full queue refused, and the one lost on the way, are gone' },
  'rabbitmq-streams': { checks: ['no-loss', 'db-predicate'], why: 'a stream consumer back from a crash with x-stream-offset "next" skips what was written while it was down' },
  'kafka-transactions': { checks: ['db-predicate'], why: 'read_uncommitted books an aborted entry, and the database write next to the transaction happens twice' },
};

describe('built-in scenarios', () => {
  it('have unique ids, and every scenario listed as failing by design exists', () => {
    const ids = builtinScenarios.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of Object.keys(failsByDesign)) expect(ids).toContain(id);
  });

  for (const scenario of builtinScenarios) {
    it(`${scenario.id} is valid and, on each of its seeds, ends quiescent with ${failsByDesign[scenario.id] ? `only ${failsByDesign[scenario.id]!.checks.join(', ')} red (${failsByDesign[scenario.id]!.why})` : 'every check green'}`, () => {
      expect(validateScenario(scenario)).toEqual([]);
      const expected = [...(failsByDesign[scenario.id]?.checks ?? [])].sort();
      for (const seed of scenario.seeds ?? [1]) {
        const r = runScenario(scenario, { seed });
        expect(r.endReason, `seed ${seed}`).toBe('quiescent');
        const red = r.checks.filter((c) => !c.valid);
        expect(red.map((c) => c.name).sort(), `seed ${seed}: ${red.map((c) => `${c.name}: ${c.errors[0]?.explanation}`).join(' | ')}`).toEqual(expected);
      }
    });
  }
});
