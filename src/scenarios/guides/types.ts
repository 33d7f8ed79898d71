// What a newcomer reads before a built-in scenario plays: what happens, what to watch, the
// words it uses, and its key moments (matchers over the trace, each with a one-line caption).
// Plain data beside the scenarios, not inside them: the page shows it without loading the
// engine, and a scenario's inputs (and so its trace hash) do not change with its wording.

import type { CaptionedMoment } from '../../projections/key-moments';

export interface ScenarioGuide {
  /** What happens, in two or three sentences. */
  story: string;
  /** What to watch for, one short line each. */
  watch: string[];
  /** Words of this scenario a newcomer may not know. */
  terms: { term: string; meaning: string }[];
  /** The moments to stop at, in the order they happen in the default run. */
  moments: CaptionedMoment[];
}
