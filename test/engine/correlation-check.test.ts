// The one-correlation-per-key check on literal traces: which flows it accepts, how it names a
// message published under another flow's correlation id or a new trace, and its options.
import { describe, expect, it } from 'vitest';
import { checks, runCheck, type TraceEvent } from '../../src/engine/index';
import { defaultScenario } from '../../src/scenarios/index';

const T1 = '0123456789abcdef0123456789abcdef';
const T2 = 'fedcba9876543210fedcba9876543210';
const tp = (traceId: string, span = '00000000000000a1') => `00-${traceId}-${span}-01`;

type Spec =
  | { req: string; handler?: string; body: Record<string, unknown>; corr: string; tick?: number; actor?: string }
  | { pub: string; type: string; corr: string; key?: string; body?: Record<string, unknown>; trace?: string; via?: string; tick?: number; actor?: string };

function traceOf(specs: Spec[]): TraceEvent[] {
  return specs.map((s, seq) => {
    if ('req' in s) {
      return { seq, tick: s.tick ?? 0, kind: 'request.received', actor: s.actor ?? 'Ordering', messageId: s.req, correlationId: s.corr, data: { service: s.actor ?? 'Ordering', handler: s.handler ?? 'PlaceOrder', body: s.body } } as unknown as TraceEvent;
    }
    return {
      seq, tick: s.tick ?? 0, kind: 'message.published', actor: s.actor ?? 'Ordering', messageId: s.pub, correlationId: s.corr,
      data: { type: s.type, messageKind: 'event', destination: 'q', body: s.body ?? {}, headers: { correlationId: s.corr, traceparent: s.trace ?? tp(T1) }, via: s.via ?? 'direct', ...(s.key !== undefined ? { key: s.key } : {}) },
    } as unknown as TraceEvent;
  });
}

const run = (specs: Spec[], options?: unknown) => runCheck('one-correlation-per-key', { trace: traceOf(specs), scenario: defaultScenario, finalDb: {}, ...(options !== undefined ? { options: options as never } : {}) });

interface Case {
  name: string;
  trace: Spec[];
  options?: unknown;
  expected: { anomaly: string; explanation: string; eventRefs: number[] }[];
}

const cases: Case[] = [
  {
    name: 'one flow per order, each under its own id and trace',
    trace: [
      { pub: 'm-1', type: 'OrderPlaced', corr: 'c-1', key: 'order-1', trace: tp(T1) },
      { pub: 'm-2', type: 'OrderPlaced', corr: 'c-2', key: 'order-2', trace: tp(T2) },
      { pub: 'm-3', type: 'ShipOrder', corr: 'c-1', key: 'order-1', trace: tp(T1, '00000000000000b2'), actor: 'Warehouse', tick: 5000 },
      { pub: 'm-4', type: 'ShipOrder', corr: 'c-2', key: 'order-2', trace: tp(T2, '00000000000000b3'), actor: 'Warehouse', tick: 5000 },
    ],
    expected: [],
  },
  {
    name: 'a batch job publishes under its own correlation id',
    trace: [
      { pub: 'm-1', type: 'OrderPlaced', corr: 'c-r-1', key: 'order-1', tick: 1200 },
      { pub: 'm-7', type: 'ShipOrder', corr: 'c-r-9', key: 'order-1', trace: tp(T2), actor: 'Warehouse', tick: 5000 },
    ],
    expected: [{
      anomaly: 'uncorrelated',
      explanation: 'ShipOrder m-7 for order-1, published by Warehouse at 5,000, carries correlation id c-r-9, but the flow of order-1 runs under c-r-1 since OrderPlaced m-1 (Ordering at 1,200): a search by c-r-1 never finds it — keep the flow\'s correlation id with the stored work and publish under it',
      eventRefs: [0, 1],
    }],
  },
  {
    name: 'the right correlation id on a new trace',
    trace: [
      { pub: 'm-1', type: 'OrderPlaced', corr: 'c-r-1', key: 'order-1', trace: tp(T1), tick: 1200 },
      { pub: 'm-7', type: 'ShipOrder', corr: 'c-r-1', key: 'order-1', trace: tp(T2), actor: 'Warehouse', tick: 5000 },
    ],
    expected: [{
      anomaly: 'broken-trace',
      explanation: 'ShipOrder m-7 for order-1, published by Warehouse at 5,000, keeps correlation id c-r-1 but starts trace fedcba98… instead of continuing trace 01234567… of OrderPlaced m-1 (Ordering at 1,200): the tracing view shows two unrelated traces — pass the stored traceparent too',
      eventRefs: [0, 1],
    }],
  },
  {
    name: 'trace: false checks only correlation ids',
    trace: [
      { pub: 'm-1', type: 'OrderPlaced', corr: 'c-r-1', key: 'order-1', trace: tp(T1) },
      { pub: 'm-7', type: 'ShipOrder', corr: 'c-r-1', key: 'order-1', trace: tp(T2) },
    ],
    options: { trace: false },
    expected: [],
  },
  {
    name: 'a relay re-publish or a redelivery of the same message id is not a second message',
    trace: [
      { pub: 'm-1', type: 'OrderPlaced', corr: 'c-r-1', key: 'order-1' },
      { pub: 'm-1', type: 'OrderPlaced', corr: 'c-r-1', key: 'order-1', via: 'outbox' },
      { pub: 'm-1', type: 'OrderPlaced', corr: 'c-r-1', key: 'order-1', via: 'redelivery' },
    ],
    expected: [],
  },
  {
    name: 'messages without a key are not part of any flow',
    trace: [
      { pub: 'm-1', type: 'OrderPlaced', corr: 'c-r-1', key: 'order-1' },
      { pub: 'm-2', type: 'BatchFinished', corr: 'c-r-9' },
    ],
    expected: [],
  },
  {
    name: 'with a field, the request that starts the flow counts, and every later deviation is reported',
    trace: [
      { req: 'r-1', body: { orderId: 'order-1' }, corr: 'c-r-1', tick: 100 },
      { pub: 'm-1', type: 'OrderPlaced', corr: 'c-r-1', body: { orderId: 'order-1' }, trace: tp(T1), tick: 130 },
      { req: 'r-9', handler: 'ShipBatch', body: {}, corr: 'c-r-9', actor: 'Warehouse', tick: 5000 },
      { pub: 'm-2', type: 'ShipOrder', corr: 'c-r-9', body: { orderId: 'order-1' }, trace: tp(T2), actor: 'Warehouse', tick: 5000 },
      { pub: 'm-3', type: 'OrderShipped', corr: 'c-r-9', body: { orderId: 'order-1' }, trace: tp(T2), actor: 'Shipping', tick: 5100 },
    ],
    options: { field: 'orderId' },
    expected: [
      {
        anomaly: 'uncorrelated',
        explanation: 'ShipOrder m-2 for order-1, published by Warehouse at 5,000, carries correlation id c-r-9, but the flow of order-1 runs under c-r-1 since request PlaceOrder r-1 (Ordering at 100): a search by c-r-1 never finds it — keep the flow\'s correlation id with the stored work and publish under it',
        eventRefs: [0, 3],
      },
      {
        anomaly: 'uncorrelated',
        explanation: 'OrderShipped m-3 for order-1, published by Shipping at 5,100, carries correlation id c-r-9, but the flow of order-1 runs under c-r-1 since request PlaceOrder r-1 (Ordering at 100): a search by c-r-1 never finds it — keep the flow\'s correlation id with the stored work and publish under it',
        eventRefs: [0, 4],
      },
    ],
  },
  {
    name: 'types limits the check to the named messages',
    trace: [
      { pub: 'm-1', type: 'OrderPlaced', corr: 'c-r-1', key: 'order-1' },
      { pub: 'm-2', type: 'AuditRecorded', corr: 'c-audit', key: 'order-1' },
    ],
    options: { types: ['OrderPlaced', 'ShipOrder'] },
    expected: [],
  },
];

describe('one-correlation-per-key check', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = run(c.trace, c.options);
    expect(r.errors).toEqual(c.expected);
    expect(r.valid).toBe(c.expected.length === 0);
    expect(r.name).toBe('one-correlation-per-key');
  });

  it('is registered and validates its options with path and reason', () => {
    const check = checks['one-correlation-per-key']!;
    expect(check.title).toBe('One correlation id per business key');
    expect(check.validate!(undefined, defaultScenario)).toEqual([]);
    expect(check.validate!({ field: 'orderId', types: ['ShipOrder'], trace: false }, defaultScenario)).toEqual([]);
    expect(check.validate!({ field: '', types: 'ShipOrder', trace: 'yes' }, defaultScenario)).toEqual([
      { path: 'field', message: 'must be the name of a body field' },
      { path: 'types', message: 'must be a list of message types' },
      { path: 'trace', message: 'must be true or false' },
    ]);
    expect(check.validate!([] as never, defaultScenario)).toEqual([{ path: '', message: 'must be an object' }]);
  });
});
