// Correlation ids, causation ids and traceparent propagate along a whole flow: every message
// of one order carries the request's correlation id and trace id, and names the message whose
// handling produced it as its causation id.
import { expect, it } from 'vitest';
import { runScenario, parseTraceparent } from '../../src/engine/index';
import { sagaOrchestrated } from '../../src/scenarios/saga-orchestrated';

it('correlation, causation and traceparent follow the flow across four services', () => {
  const r = runScenario(sagaOrchestrated, { seed: 3 });
  const published = r.trace.filter((e) => e.kind === 'message.published');
  const requests = new Map(r.trace.filter((e) => e.kind === 'request.received').map((e) => [e.messageId!, e]));
  const byId = new Map(published.map((e) => [e.messageId!, e]));
  const handled = new Set(r.trace.filter((e) => e.kind === 'handler.started').map((e) => `${e.actor}|${e.messageId}`));
  expect(published.length).toBeGreaterThan(20);
  for (const e of published) {
    if (e.kind !== 'message.published') continue;
    const parentId = e.causationId!;
    const parent = byId.get(parentId) ?? requests.get(parentId);
    expect(parent, `${e.messageId} names ${parentId} as its cause`).toBeDefined();
    expect(handled.has(`${e.actor}|${parentId}`), `${e.actor} handled ${parentId} before publishing ${e.messageId}`).toBe(true);
    expect(e.correlationId).toBe(parent!.correlationId);
    expect(e.data.headers.correlationId).toBe(e.correlationId);
    expect(e.data.headers.causationId).toBe(parentId);
    const tp = parseTraceparent(String(e.data.headers.traceparent));
    expect(tp).not.toBeNull();
    // one trace per flow: follow the causation chain to the request and compare trace ids
    let root = e;
    while (root.causationId && byId.has(root.causationId)) root = byId.get(root.causationId)!;
    const rootTp = root.kind === 'message.published' ? parseTraceparent(String(root.data.headers.traceparent)) : null;
    expect(tp!.traceId).toBe(rootTp!.traceId);
  }
  const flows = new Set(published.map((e) => e.correlationId));
  expect(flows.size).toBe(3);
});
