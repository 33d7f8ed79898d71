// Worker payload types the UI state uses, re-exported type-only so the page bundle never
// pulls the engine in (the engine lives in the worker chunk).

export type { RunSummary, TraceBatch, CheckingProgress, FaultType, OpenResult } from '../../worker/simulator-api';

/** A validation problem: where (path) and why (message). */
export interface ValidationIssueLike {
  path: string;
  message: string;
}
