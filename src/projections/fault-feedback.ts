// What a fault did, in one sentence, for the toast after injecting it: where it landed in the
// recomputed run (the event to show) and what it hit — "Inventory crashed with 2 handlers
// running…" or "…nothing was in flight". Read from the trace after the cursor, as it streams:
// undefined while the run may still bring it, a "never struck" answer once the run is complete.

import type { FaultSpec } from '../engine/scenario/types';
import type { TraceEvent } from '../engine/trace/types';

export interface FaultLanding {
  /** The event to show: the crash, the duplicate, the injection itself. */
  seq: number | null;
  text: string;
  struck: boolean;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Where `spec` (just added to the plan) landed in the run, searching from the cursor `from`. */
export function faultLanding(trace: readonly TraceEvent[], spec: FaultSpec, from: number, complete: boolean): FaultLanding | undefined {
  const service = typeof spec.service === 'string' ? spec.service : undefined;
  if (spec.type === 'chaos') {
    const n = trace.slice(from).filter((e) => e.kind === 'fault.injected').length;
    return complete ? { seq: null, text: n > 0 ? `Seeded chaos struck ${plural(n, 'time', 'times')} after the cursor (⚡ on the timeline).` : 'Seeded chaos did not strike after the cursor in this run.', struck: n > 0 } : undefined;
  }
  for (let i = Math.max(0, from); i < trace.length; i++) {
    const e = trace[i]!;
    if (e.kind !== 'fault.injected' || e.data.fault !== spec.type || (service !== undefined && e.data.target !== service)) continue;
    if (spec.type === 'crash') {
      const crashed = trace.slice(i + 1, i + 50).find((c) => c.kind === 'service.crashed' && c.data.service === e.data.target);
      if (!crashed && !complete) return undefined;
      if (crashed && crashed.kind === 'service.crashed') {
        const lost = crashed.data.lostInvocations;
        const restart = /\((restart in [\d,]+ ms|it stays down)\)/.exec(e.text ?? '')?.[1];
        const then = restart ? ` (${restart.replace('restart in', 'it restarts in')})` : '';
        return {
          seq: crashed.seq,
          struck: true,
          text: lost > 0
            ? `${e.data.target} crashed with ${plural(lost, 'handler', 'handlers')} running: ${lost === 1 ? 'its' : 'their'} uncommitted work is lost and the broker will deliver ${lost === 1 ? 'that message' : 'those messages'} again${then}.`
            : `${e.data.target} crashed while idle: nothing was in flight, so nothing was lost${then}. Try "while it is busy".`,
        };
      }
    }
    return { seq: e.seq, struck: true, text: `⚡ ${e.text ?? `${spec.type} on ${e.data.target}`}.` };
  }
  if (!complete) return undefined;
  return { seq: null, struck: false, text: `The ${spec.type} fault never struck after the cursor: nothing in the rest of this run matched it${service ? ` on ${service}` : ''}.` };
}
