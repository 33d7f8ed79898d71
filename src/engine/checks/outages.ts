// When a service's database was down in a run: its db-outage faults (the scenario's own and the
// fault plan's), merged where they touch (or, when asked, where the database was back for less
// than `joinGapTicks`), so "while the database is down" and "once it is back" mean the same thing
// to every check that asks. An outage whose length was drawn from the seed (db-outage's
// `durationJitterTicks`) ends where its first trace event says.

import type { FaultSpec } from '../scenario/types';
import type { TraceEvent } from '../trace/types';

export interface Outage {
  fromTick: number;
  /** The first tick the database answers again. */
  untilTick: number;
}

export function outagesOf(trace: readonly TraceEvent[], faults: readonly FaultSpec[], service: string, joinGapTicks = 0): Outage[] {
  const drawn: Outage[] = [];
  for (const e of trace) {
    if (e.kind !== 'fault.injected' || e.data.fault !== 'db-outage' || e.data.target !== service) continue;
    const d = e.data.details as { fromTick?: unknown; untilTick?: unknown } | undefined;
    if (typeof d?.fromTick === 'number' && typeof d.untilTick === 'number') drawn.push({ fromTick: d.fromTick, untilTick: d.untilTick });
  }
  const spans = faults
    .filter((f) => f.type === 'db-outage' && f.service === service && typeof f.fromTick === 'number' && typeof f.durationTicks === 'number')
    .map((f) => {
      const fromTick = f.fromTick as number;
      const jittered = typeof f.durationJitterTicks === 'number' && f.durationJitterTicks > 0 ? drawn.find((o) => o.fromTick === fromTick) : undefined;
      return jittered ? { ...jittered } : { fromTick, untilTick: fromTick + (f.durationTicks as number) };
    })
    .sort((a, b) => a.fromTick - b.fromTick);
  const merged: Outage[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.fromTick <= last.untilTick + joinGapTicks) last.untilTick = Math.max(last.untilTick, s.untilTick);
    else merged.push({ ...s });
  }
  return merged;
}
