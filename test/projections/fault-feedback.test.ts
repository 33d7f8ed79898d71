// What a fault did, from literal traces: a crash with handlers running or idle, another fault's
// own explanation, one that never struck (only said once the run is complete); and the busy
// crash preset picks a tick at which the service has a handler mid-work.

import { describe, expect, it } from 'vitest';
import { faultLanding } from '../../src/projections/fault-feedback';
import { busyCrash, presetsFor } from '../../src/projections/fault-presets';
import { ev, orderFlowTrace, traceOf } from './trace-fixture';

const crashTrace = (lost: number) => traceOf(
  ev('message.delivered', 'orders', { entity: 'orders', consumer: 'Inventory', props: {} }, { messageId: 'm-1', deliveryId: 'd-1' }),
  ev('fault.injected', 'sim', { fault: 'crash', target: 'Inventory' }, { text: 'crash Inventory at tick 15 (restart in 1000 ms)' }),
  ev('service.crashed', 'Inventory', { service: 'Inventory', lostInvocations: lost }),
);

describe('fault feedback', () => {
  it('a crash says how many handlers it caught running, and lands on the crash', () => {
    const busy = faultLanding(crashTrace(2), { type: 'crash', service: 'Inventory', atTick: 15 }, 1, true)!;
    expect(busy).toEqual({ seq: 2, struck: true, text: 'Inventory crashed with 2 handlers running: their uncommitted work is lost and the broker will deliver those messages again (it restarts in 1000 ms).' });
    const idle = faultLanding(crashTrace(0), { type: 'crash', service: 'Inventory', atTick: 15 }, 1, true)!;
    expect(idle.text).toMatch(/^Inventory crashed while idle: nothing was in flight, so nothing was lost \(it restarts in 1000 ms\)/);
  });

  it('another fault tells its own explanation; one that never struck says so once the run is complete', () => {
    const trace = traceOf(ev('fault.injected', 'sim', { fault: 'duplicate-delivery', target: 'Inventory' }, { text: 'the 1st matching delivery of OrderPlaced reaches Inventory twice', messageId: 'm-1' }));
    expect(faultLanding(trace, { type: 'duplicate-delivery', service: 'Inventory', nth: 1 }, 0, false)).toEqual({ seq: 0, struck: true, text: '⚡ the 1st matching delivery of OrderPlaced reaches Inventory twice.' });
    // Only faults after the cursor count; before the run is complete, "not yet" is all we know.
    expect(faultLanding(trace, { type: 'duplicate-delivery', service: 'Inventory', nth: 1 }, 1, false)).toBeUndefined();
    expect(faultLanding(trace, { type: 'duplicate-delivery', service: 'Inventory', nth: 1 }, 1, true)).toMatchObject({ seq: null, struck: false });
    expect(faultLanding(trace, { type: 'duplicate-delivery', service: 'Ordering', nth: 1 }, 0, true)!.text).toContain('never struck after the cursor');
  });

  it('a busy crash waits for a handler mid-work: inside the running one, or the next', () => {
    // Inventory's first attempt runs from tick 30 to 40 (position 4 is inside it, at tick 30).
    expect(busyCrash(orderFlowTrace, 4, 'Inventory')).toEqual({ atTick: 31, running: 1 });
    // From the start: the same attempt, once it has started.
    expect(busyCrash(orderFlowTrace, 0, 'Inventory')).toEqual({ atTick: 31, running: 1 });
    // After its last handler: never busy again.
    expect(busyCrash(orderFlowTrace, 10, 'Inventory')).toBeNull();
    expect(busyCrash(orderFlowTrace, 0, 'Ordering')).toBeNull();
    const presets = presetsFor('Inventory', { trace: orderFlowTrace, position: 0, services: ['Ordering', 'Inventory'], types: new Set(['crash']) });
    expect(presets.find((p) => p.id === 'crash-busy:Inventory')?.spec).toEqual({ type: 'crash', service: 'Inventory', atTick: 31 });
    // Never busy again: no "while it is busy" that would crash an idle service…
    const late = presetsFor('Inventory', { trace: orderFlowTrace, position: 10, services: ['Ordering', 'Inventory'], types: new Set(['crash']) });
    expect(late.map((p) => p.id)).toEqual(['crash:Inventory']);
    // …but without a run (the panel's list of buttons) it is listed.
    expect(presetsFor('Inventory', { trace: [], position: 0, services: ['Ordering', 'Inventory'], types: new Set(['crash']) }).map((p) => p.id)).toEqual(['crash:Inventory', 'crash-busy:Inventory']);
  });
});
