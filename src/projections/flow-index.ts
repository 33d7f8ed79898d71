/**
 * Flows of a growing trace, indexed once: a flow is everything one correlation id touched.
 * Views that show one flow at a time (the Trace tab) read it here instead of scanning the whole
 * trace on every streamed batch: `update` reads only the events appended since its last call, so
 * a run streaming millions of events costs each batch its own length, not the trace's.
 * Events without a correlation id that every flow shares (a crash, the run's start) are kept once.
 */
import type { TraceEvent } from '../engine/trace/types';

/** A flow in the order its id first appeared, and whether something in it failed. */
export interface FlowSummary { id: string; failed: boolean }

const FAILING_KINDS = new Set(['handler.failed', 'message.dead-lettered', 'request.refused']);
const SHARED_KINDS = new Set(['service.crashed', 'run.started']);

export class FlowIndex {
  private readonly summaries = new Map<string, FlowSummary>();
  private readonly eventsByFlow = new Map<string, TraceEvent[]>();
  private readonly shared: TraceEvent[] = [];
  private scanned = 0;

  /** @param flowsMax flows beyond this many are neither listed nor indexed (a long run has thousands). */
  constructor(private readonly trace: readonly TraceEvent[], private readonly flowsMax: number) {}

  /** True when this index was built over `trace` (a new run gives a new array). */
  isFor(trace: readonly TraceEvent[]): boolean {
    return trace === this.trace;
  }

  /** Reads the events appended since the last call. */
  update(): void {
    const trace = this.trace;
    for (let i = this.scanned; i < trace.length; i++) {
      const e = trace[i];
      const c = e.correlationId;
      if (!c) {
        if (SHARED_KINDS.has(e.kind)) this.shared.push(e);
        continue;
      }
      let summary = this.summaries.get(c);
      if (!summary) {
        if (this.summaries.size >= this.flowsMax) continue;
        summary = { id: c, failed: false };
        this.summaries.set(c, summary);
        this.eventsByFlow.set(c, []);
      }
      this.eventsByFlow.get(c)!.push(e);
      if (FAILING_KINDS.has(e.kind)) summary.failed = true;
    }
    this.scanned = trace.length;
  }

  /** Flows in order of first appearance (copies, so a view sees a change as a new value). */
  flows(): FlowSummary[] {
    return [...this.summaries.values()].map((f) => ({ ...f }));
  }

  /** The flow's own events and the shared ones, in trace order; empty for an unknown flow. */
  eventsOf(flowId: string): TraceEvent[] {
    const own = this.eventsByFlow.get(flowId);
    if (!own) return [];
    const out: TraceEvent[] = [];
    let i = 0;
    let j = 0;
    while (i < own.length || j < this.shared.length) {
      if (j >= this.shared.length || (i < own.length && own[i].seq < this.shared[j].seq)) out.push(own[i++]);
      else out.push(this.shared[j++]);
    }
    return out;
  }
}
