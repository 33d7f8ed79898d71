// saga-consistency: every saga instance either completes (its last step is done) or is fully
// compensated — each completed step that has a compensation was compensated, in reverse order
// (T1…Tj then Cj…C1, Garcia-Molina & Salem). An instance that is neither is `stuck-saga`, once
// the run has ended quietly or `boundTicks` passed since its last progress. Instances come
// from `saga.step-completed` / `saga.compensated` events (ctx.saga), keyed "Saga/id".
// Options: { steps: [forward step names in order], compensable?: [steps with a compensation;
// default all but the last], boundTicks?: default 60,000 }.

import type { Check, CheckError } from './types';
import type { TraceEvent, TraceEventOf } from '../trace/types';

type SagaEvent = TraceEventOf<'saga.step-completed' | 'saga.compensated'>;
import { formatTicks, indexTrace, type TraceIndex } from './why';
import { whyFlowsStopped } from './missing';

interface Options {
  steps?: string[];
  compensable?: string[];
  boundTicks?: number;
}

interface Instance {
  done: Map<string, TraceEvent>;
  compensated: Map<string, TraceEvent>;
  refs: number[];
  first: SagaEvent;
  last: SagaEvent;
}

export const sagaConsistency: Check = {
  name: 'saga-consistency',
  title: 'Saga consistency',
  description: 'Every saga completes or is fully compensated in reverse order; none is stuck.',
  validate(options) {
    const o = (options ?? {}) as { steps?: unknown; compensable?: unknown; boundTicks?: unknown };
    const names = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string');
    const issues: { path: string; message: string }[] = [];
    if (o.steps !== undefined && !names(o.steps)) issues.push({ path: 'steps', message: 'must be the forward step names, in order' });
    if (o.compensable !== undefined && !(Array.isArray(o.compensable) && o.compensable.every((x) => typeof x === 'string'))) issues.push({ path: 'compensable', message: 'must be a list of step names' });
    if (o.boundTicks !== undefined && !(Number.isInteger(o.boundTicks) && (o.boundTicks as number) > 0)) issues.push({ path: 'boundTicks', message: 'must be a positive integer' });
    return issues;
  },
  run({ trace, options }) {
    const opts = (options ?? {}) as Options;
    const instances = new Map<string, Instance>();
    for (const e of trace) {
      if (e.kind !== 'saga.step-completed' && e.kind !== 'saga.compensated') continue;
      let i = instances.get(e.data.saga);
      if (!i) instances.set(e.data.saga, (i = { done: new Map(), compensated: new Map(), refs: [], first: e, last: e }));
      (e.kind === 'saga.step-completed' ? i.done : i.compensated).set(e.data.step, e);
      i.refs.push(e.seq);
      i.last = e;
    }
    const end = trace[trace.length - 1];
    const quiet = end?.kind === 'run.ended' && end.data.reason === 'quiescent';
    const bound = opts.boundTicks ?? 60_000;
    const errors: CheckError[] = [];
    let idx: TraceIndex | undefined;
    for (const [name, i] of instances) {
      const steps = opts.steps ?? [...i.done.keys()];
      const last = steps[steps.length - 1];
      if (last !== undefined && i.done.has(last) && i.compensated.size === 0) continue;
      const compensable = (opts.compensable ?? steps.slice(0, -1)).filter((s) => i.done.has(s));
      const missing = compensable.filter((s) => !i.compensated.has(s));
      const doneText = steps.filter((s) => i.done.has(s)).map((s) => `${s} at ${formatTicks(i.done.get(s)!.tick)}`).join(', ') || 'no step';
      if (missing.length === 0 && i.compensated.size > 0) {
        const order = compensable.map((s) => i.compensated.get(s)!.seq);
        const reverse = order.every((seq, k) => k === 0 || seq < order[k - 1]);
        if (!reverse) errors.push({ anomaly: 'compensation-out-of-order', explanation: `${name}: compensations ran as ${[...i.compensated.keys()].join(' → ')}, not in reverse of the steps (${compensable.join(' → ')})`, eventRefs: i.refs });
        continue;
      }
      if (missing.length === 0 && i.done.has(last)) continue;
      const idle = (end?.tick ?? 0) - i.last.tick;
      if (!quiet && idle <= bound) continue;
      // What went wrong on the saga's flows after its last progress (a lost message, a dead letter…), if anything.
      idx ??= indexTrace(trace);
      const flows = new Set(i.refs.map((seq) => trace[seq]?.correlationId).filter((c): c is string => c !== undefined));
      const stopped = flows.size > 0 ? whyFlowsStopped(idx, flows) : undefined;
      const problem = stopped?.problem && (stopped.seqs[0] === undefined || stopped.seqs.some((seq) => (trace[seq]?.tick ?? 0) >= i.last.tick)) ? stopped : undefined;
      errors.push({
        anomaly: 'stuck-saga',
        explanation: `${name}: done ${doneText} → last progress at ${formatTicks(i.last.tick)} (${i.last.kind === 'saga.compensated' ? `compensated ${i.last.data.step}` : `${i.last.data.step}`})${problem ? ` → ${problem.text}` : ''} → then nothing for ${formatTicks(idle)} ms → neither completed (${last ?? '?'}) nor compensated${missing.length ? ` (still to compensate: ${missing.slice().reverse().join(', ')})` : ''}`,
        eventRefs: problem ? [...i.refs, ...problem.seqs] : i.refs,
      });
    }
    return errors;
  },
};
