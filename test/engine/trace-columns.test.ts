// The columnar trace gives back every event as the recorder used to keep it: same keys in the
// same order, equal values, byte-identical JSON — for ordinary events and for the odd values a
// handler can put in a payload (floats, -0, leading-zero counters, "__proto__" keys, Dates).
import { describe, expect, it } from 'vitest';
import { TraceColumns } from '../../src/engine/trace/columns';
import { TraceRecorder } from '../../src/engine/trace/recorder';
import { StringTable } from '../../src/engine/trace/strings';
import { hashTrace } from '../../src/engine/trace/hash';
import type { TraceEvent, TraceInput } from '../../src/engine/trace/types';
import { Simulation, foldTrace } from '../../src/engine/index';
import { text } from '../../src/engine/trace/text';
import { builtinScenarios } from '../../src/scenarios/index';
import { comparableState } from './helpers';

/** What the recorder kept before the columns: the input stamped with seq and tick. */
function asObject(seq: number, tick: number, input: object): TraceEvent {
  const i = input as { kind: string; actor: string };
  return Object.assign({ seq, tick, kind: i.kind, actor: i.actor }, input) as unknown as TraceEvent;
}

const proto = JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as Record<string, unknown>;

const inputs: object[] = [
  { kind: 'run.started', actor: 'sim', data: { scenario: 'order-flow', seed: 6, brokers: ['generic'] }, text: 'Order flow, seed 6' },
  { kind: 'message.published', actor: 'Ordering', messageId: 'm-1', correlationId: 'c-1', causationId: 'r-1', data: { type: 'OrderPlaced', messageKind: 'event', destination: 'orders', body: { orderId: 'order-1', qty: 1 }, headers: { correlationId: 'c-1', causationId: null, traceparent: '00-1ac1f63e26cb647c8371f0ff8cde060e-287fffb1d123f435-01' }, via: 'direct', key: 'order-1' } },
  { kind: 'message.delivered', actor: 'orders', text: 'delivery 1', data: { entity: 'orders', consumer: 'Inventory', props: { deliveryCount: 1, lockedUntil: 30000 } }, deliveryId: 'd-1', messageId: 'm-1' },
  { kind: 'db.committed', actor: 'Inventory', messageId: 'm-07', correlationId: 'c-0', causationId: undefined, data: { service: 'Inventory', writes: [{ table: 't', key: 'k-1', value: { f: 1.5, neg: -3, z: -0, big: 2 ** 60, nan: NaN, inf: -Infinity, s: '', arr: [1, undefined, null, [true, false]] } }] } },
  { kind: 'handler.logged', actor: 'Inventory', data: { service: 'Inventory', handler: 'H', text: 'x-9007199254740993' }, text: '00-1AC1F63E26CB647C8371F0FF8CDE060E-287FFFB1D123F435-01' },
  { kind: 'db.committed', actor: 'Inventory', data: { service: 'S', writes: [{ table: 't', key: '__proto__', value: proto }] } },
  { kind: 'fault.injected', actor: 'sim', data: { fault: 'crash', target: 'S', details: { at: new Date(0), n: 12, own: { a: 1, toJSON: () => 'mine' } } } },
  { kind: 'check.failed', actor: 'sim', messageId: 17 as unknown as string, data: { check: 'x', anomaly: 'y' }, extra: { '2': 'b', '1': 'a', z: 'c' } },
  { kind: 'service.restarted', data: { service: 'S' } },
  { kind: 'handler.logged', actor: 'A', data: { a: '00-1ac1f63e26cb647c8371f0ff8cde060e-287fffb1d123f435-0\u00b0', b: '00-1ac1f63e26cb647c8371f0ff8cde060e-287fffb1d123f435-0g', c: '00-ffffffffffffffffffffffffffffffff-0000000000000000-ff' } },
];

describe('the columnar trace', () => {
  it('builds every event back with the same keys, values and JSON', () => {
    const columns = new TraceColumns();
    inputs.forEach((input, i) => columns.append(i * 10, input as TraceInput));
    inputs.forEach((input, i) => {
      const expected = asObject(i, i * 10, input);
      const got = columns.event(i);
      expect(JSON.stringify(got)).toBe(JSON.stringify(expected));
      expect(Object.keys(got)).toEqual(Object.keys(expected));
      expect(got).toStrictEqual(expected);
    });
    const db = columns.event(3) as unknown as { data: { writes: { value: Record<string, unknown> }[] } };
    expect(Object.is(db.data.writes[0].value.z, -0)).toBe(true);
    expect(db.data.writes[0].value.nan).toBeNaN();
    const own = (columns.event(5) as unknown as { data: { writes: { value: Record<string, unknown> }[] } }).data.writes[0].value;
    expect(Object.getPrototypeOf(own)).toBe(Object.prototype);
    expect(Object.keys(own)).toEqual(['__proto__', 'y']);
    expect(columns.payloadOf(2)).toEqual((inputs[2] as { data: unknown }).data);
  });

  it('keeps the hash of a trace, grown past its first capacity and trimmed', () => {
    const recorder = new TraceRecorder(() => 5, true);
    const expected: TraceEvent[] = [];
    for (let n = 0; n < 3000; n++) {
      const input = inputs[n % inputs.length];
      recorder.record(input as TraceInput);
      expected.push(asObject(n, 5, input));
    }
    recorder.trim();
    expect(recorder.columns.capacity).toBe(3000);
    expect(hashTrace(recorder.toArray())).toBe(hashTrace(expected));
    expect(hashTrace(recorder.slice(1000, 2000))).toBe(hashTrace(expected.slice(1000, 2000)));
    expect(recorder.events).toBe(recorder.events);
    expect(recorder.event(42)).toBe(recorder.events[42]);
  });

  it('writes a lazy text as the string its template makes, and skips it to read what follows', () => {
    const columns = new TraceColumns();
    const plain: object[] = [];
    for (let n = 0; n < 300; n++) {
      const at = 30_000 + n;
      const lazy = text`delivery ${n % 3} of at most ${10} to ${'Worker'}, locked until ${at} (${n % 2 === 0}; ${null}; ${undefined}; ${-0}; ${1.5}; ${'m-' + n}; ${{ toString: () => 'obj' }})`;
      const expected = `delivery ${n % 3} of at most ${10} to ${'Worker'}, locked until ${at} (${n % 2 === 0}; ${null}; ${undefined}; ${-0}; ${1.5}; ${'m-' + n}; obj)`;
      columns.append(n, { kind: 'message.delivered', actor: 'q', messageId: `m-${n}`, text: lazy, data: { entity: 'q', consumer: 'W', props: { n } } } as TraceInput);
      plain.push(asObject(n, n, { kind: 'message.delivered', actor: 'q', messageId: `m-${n}`, text: expected, data: { entity: 'q', consumer: 'W', props: { n } } }));
    }
    for (let n = 0; n < 300; n++) {
      expect(JSON.stringify(columns.event(n))).toBe(JSON.stringify(plain[n]));
      expect(columns.payloadOf(n)).toEqual({ entity: 'q', consumer: 'W', props: { n } }); // read past the text
    }
  });

  it('round-trips objects of more shapes than a one-byte shape number holds', () => {
    const columns = new TraceColumns();
    const expected: TraceEvent[] = [];
    for (let n = 0; n < 20_000; n += 97) {
      // a new shape each time (key k<n>), nested, with a "toJSON" object (kept by reference) among them
      const value: Record<string, unknown> = { [`k${n}`]: { a: n, [`b${n}`]: [n, { c: `s-${n}` }] }, tail: 'x' };
      if (n % 5 === 0) value.own = { toJSON: () => `j${n}` };
      const input = { kind: 'handler.logged', actor: 'A', data: { service: 'S', handler: 'H', value } };
      columns.append(n, input as unknown as TraceInput);
      expected.push(asObject(expected.length, n, input));
    }
    expect(columns.payload.shapes.length).toBeGreaterThan(300);
    expected.forEach((e, i) => expect(JSON.stringify(columns.event(i))).toBe(JSON.stringify(e)));
  });

  it('widens ticks beyond 32 bits', () => {
    const columns = new TraceColumns();
    columns.append(3, inputs[0] as TraceInput);
    columns.append(2 ** 40 + 0.5, inputs[0] as TraceInput);
    expect(columns.event(0).tick).toBe(3);
    expect(columns.event(1).tick).toBe(2 ** 40 + 0.5);
  });

  it('writes counter ids as prefix and number, and interns everything else once', () => {
    const table = new StringTable();
    const texts = ['m-1', 'm-16777215', 'm-16777216', 'd-0', 'd-00', 'order-0-17', '-1', 'x-', 'plain', 'plain'];
    const codes = texts.map((t) => table.code(t));
    expect(codes.map((c) => table.text(c))).toEqual(texts);
    expect(codes[0]).toBeGreaterThanOrEqual(2 ** 31);
    expect(codes[2]).toBeLessThan(2 ** 31); // past 24 bits: interned
    expect(codes[4]).toBeLessThan(2 ** 31); // a leading zero: interned
    expect(codes[8]).toBe(codes[9]);
    expect(table.size).toBe(5); // m-16777216, d-00, -1, x-, plain
    // the code a column stores: the same 32 bits, signed (a counter's is negative), so stored in a Uint32Array it is `code`
    const stored = new Uint32Array(texts.length);
    texts.forEach((t, i) => (stored[i] = table.storedCode(t)));
    expect([...stored]).toEqual(codes);
    expect(table.storedCode('m-1')).toBeLessThan(0);
  });

  it('seeks through the columns to the state folding the built events gives, on every built-in scenario', () => {
    for (const scenario of builtinScenarios) {
      const sim = new Simulation(scenario, { seed: 2, faults: [{ type: 'chaos', rates: { duplicate: 0.1, throw: 0.1, crash: 0.02 } } as never] });
      sim.runToEnd();
      const length = sim.world.trace.length;
      const middle = Math.floor(length / 2);
      expect(comparableState(sim.seek(middle)), scenario.id).toEqual(comparableState(foldTrace(sim.trace, undefined, middle)));
      expect(comparableState(sim.seek(length)), scenario.id).toEqual(comparableState(foldTrace(sim.trace)));
    }
  });
});
