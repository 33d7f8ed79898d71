// Checks explain, they don't just say false: each returns whether the run was valid and, for
// every problem, a named anomaly, an explanation a learner can follow, and the trace events
// (by seq) that show it, so the UI can highlight them.

import type { TraceEvent } from '../trace/types';
import type { Json } from '../scenario/json';
import type { FaultSpec, Scenario } from '../scenario/types';

export interface CheckError {
  anomaly: string;
  explanation: string;
  eventRefs: number[];
}

export interface CheckResult {
  name: string;
  valid: boolean;
  errors: CheckError[];
}

export interface CheckInput {
  trace: readonly TraceEvent[];
  scenario: Scenario;
  /** Final committed database of each service. */
  finalDb: Record<string, Record<string, Record<string, Json>>>;
  options?: Json;
  /** Every fault of the run: the scenario's own, then the fault plan's (absent: the scenario's). */
  faults?: readonly FaultSpec[];
}

export interface Check {
  name: string;
  title: string;
  description: string;
  run(input: CheckInput): CheckError[];
  /** Problems with the check's options, each with a path below `options` and a reason. */
  validate?(options: Json | undefined, scenario: Scenario): { path: string; message: string }[];
}
