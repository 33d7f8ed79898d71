// resumes-after-outage: how soon a handler's work goes through again once the database it
// depends on is back. A circuit breaker finds out for every waiting message at once: its
// half-open trial comes within one reset interval, whatever the outage's length. Backoff per
// message cannot do both — short intervals keep every message probing the dead database (see
// peak-load's 'during-outage'), long or growing ones leave the work waiting long after the
// database answers again. An outage in which the handler never tried the database is not
// judged (nothing was waiting for it); two outages less than `withinTicks` apart count as one
// (the database was not back long enough to judge).
//   { service, handler?, withinTicks, describe? }

import type { Check, CheckError } from './types';
import type { TraceEvent } from '../trace/types';
import { formatTicks } from './why';
import { outagesOf } from './outages';

export interface ResumesAfterOutageOptions {
  service: string;
  handler?: string;
  withinTicks: number;
  describe?: string;
}

export const resumesAfterOutage: Check = {
  name: 'resumes-after-outage',
  title: 'Resumes after an outage',
  description: "A handler's work goes through again within `withinTicks` of its database coming back.",
  validate(options, scenario) {
    const o = (options ?? {}) as Partial<ResumesAfterOutageOptions>;
    const issues: { path: string; message: string }[] = [];
    const svc = scenario.services.find((s) => s.name === o.service);
    if (!svc) issues.push({ path: 'service', message: `no service named ${JSON.stringify(o.service)}` });
    else if (o.handler !== undefined && !svc.handlers.some((h) => h.name === o.handler)) issues.push({ path: 'handler', message: `${svc.name} has no handler ${JSON.stringify(o.handler)}` });
    if (typeof o.withinTicks !== 'number' || !Number.isInteger(o.withinTicks) || o.withinTicks < 0) issues.push({ path: 'withinTicks', message: 'must be a whole number of ticks, 0 or more' });
    return issues;
  },
  run({ trace, options, scenario, faults }) {
    const o = (options ?? {}) as unknown as ResumesAfterOutageOptions;
    if (typeof o.service !== 'string' || typeof o.withinTicks !== 'number') {
      return [{ anomaly: 'bad-options', explanation: 'resumes-after-outage needs { service, withinTicks } (and optionally handler)', eventRefs: [] }];
    }
    const mine = (e: TraceEvent): boolean =>
      (e.kind === 'handler.started' || e.kind === 'handler.completed' || e.kind === 'handler.failed') && e.data.service === o.service && (o.handler === undefined || e.data.handler === o.handler);
    const who = `${o.service}${o.handler ? `.${o.handler}` : ''}`;
    const goal = o.describe ? ` — ${o.describe}` : '';
    const errors: CheckError[] = [];
    for (const out of outagesOf(trace, faults ?? scenario.faults ?? [], o.service, o.withinTicks)) {
      let tried: TraceEvent | undefined;
      let resumed: TraceEvent | undefined;
      for (const e of trace) {
        if (!mine(e)) continue;
        if (e.kind === 'handler.started' && e.tick >= out.fromTick && e.tick < out.untilTick) tried ??= e;
        if (e.kind === 'handler.completed' && e.tick >= out.untilTick) {
          resumed = e;
          break;
        }
      }
      if (!tried) continue;
      const back = `the ${o.service} database was back at ${formatTicks(out.untilTick)} ms`;
      if (!resumed) {
        errors.push({ anomaly: 'never-resumed', explanation: `${back}, and ${who} never completed again${goal}`, eventRefs: [tried.seq] });
      } else if (resumed.tick - out.untilTick > o.withinTicks) {
        errors.push({
          anomaly: 'slow-recovery',
          explanation: `${back}, but ${who} completed nothing until ${formatTicks(resumed.tick)} ms: the waiting work sat idle ${formatTicks(resumed.tick - out.untilTick)} ms, at most ${formatTicks(o.withinTicks)} ms are allowed${goal}`,
          eventRefs: [resumed.seq],
        });
      }
    }
    return errors;
  },
};
