// "Draw the broker as one lifeline": a second layout of the same run, with every queue, topic
// and exchange on one shared lifeline, so a wide diagram (12 lifelines in RabbitMQ routing)
// becomes a narrow one. Built from the run's trace as it streams in, only while it is asked for.

import { SequenceLayoutBuilder } from '../../projections/sequence-layout';
import type { RunStream } from '../state/run.svelte';

export class GroupedLayout {
  #run: RunStream | null = null;
  #builder: SequenceLayoutBuilder | null = null;
  #consumed = 0;

  /** The grouped layout of `run` up to its current trace (a new run starts a new layout). */
  of(run: RunStream): SequenceLayoutBuilder {
    if (this.#run !== run || !this.#builder) {
      this.#run = run;
      this.#builder = new SequenceLayoutBuilder({ services: run.scenario.services.map((s) => s.name), groupEntities: true });
      this.#consumed = 0;
    }
    if (this.#consumed < run.trace.length) {
      this.#builder.add(run.trace.slice(this.#consumed));
      this.#consumed = run.trace.length;
    }
    return this.#builder;
  }
}
