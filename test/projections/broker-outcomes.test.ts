// The outcome figures of the broker comparison, with their evidence and the rule behind them.

import { describe, expect, it } from 'vitest';
import { runScenario, type FaultSpec } from '../../src/engine/index';
import type { TraceEvent } from '../../src/engine/trace/types';
import { builtinScenarios } from '../../src/scenarios/index';
import { brokerOutcome, differingRows, orderViolations, ruleBehind } from '../../src/projections/broker-outcomes';

const orderFlow = builtinScenarios.find((s) => s.id === 'order-flow')!;
const faults = [{ type: 'crash', service: 'Inventory', atTick: 300, restartAfterTicks: 2000 }] as FaultSpec[];

describe('broker outcomes', () => {
  it('Kafka processes work twice after a crash and says why: no committed offset, read again from the start', () => {
    const [sb, kafka] = (['servicebus', 'kafka'] as const).map((broker) => brokerOutcome(runScenario({ ...orderFlow, broker }, { seed: 42, faults }).trace));
    expect(sb!.duplicatesProcessed.value).toBe(0);
    expect(kafka!.duplicatesProcessed.value).toBe(kafka!.duplicatesProcessed.evidence.length);
    expect(kafka!.duplicatesProcessed.value).toBeGreaterThan(0);
    expect(kafka!.duplicatesProcessed.rule).toMatch(/no committed offset .* auto\.offset\.reset=earliest/);
    expect(sb!.deadLettered.rule).toMatch(/MaxDeliveryCount 3/);
    expect(differingRows([sb!, kafka!])).toEqual(expect.arrayContaining(['duplicatesProcessed', 'latencyP50Ticks']));
    expect(differingRows([sb!, sb!])).toEqual([]);
  });

  it('counts a message a consumer started after a later-published one of its key, and finds the failure behind it', () => {
    const base = { actor: 'x', tick: 0 };
    const pub = (seq: number, id: string, key: string): TraceEvent => ({ ...base, seq, kind: 'message.published', messageId: id, data: { type: 'T', messageKind: 'event', destination: 'q', body: null, headers: {}, via: 'direct', key } } as TraceEvent);
    const start = (seq: number, id: string): TraceEvent => ({ ...base, seq, actor: 'S', kind: 'handler.started', messageId: id, data: { service: 'S', handler: 'H', attempt: 1 } } as TraceEvent);
    const trace: TraceEvent[] = [
      pub(0, 'a', 'k'), pub(1, 'b', 'k'), pub(2, 'c', 'other'),
      { ...base, seq: 3, kind: 'message.abandoned', messageId: 'a', text: 'a threw: back to the queue', data: { entity: 'q', consumer: 'S', requeued: true } } as TraceEvent,
      start(4, 'b'), start(5, 'c'), start(6, 'a'), start(7, 'a'),
    ];
    expect(orderViolations(trace)).toEqual([6]);
    expect(ruleBehind(trace, 6)).toBe('a threw: back to the queue');
  });
});
