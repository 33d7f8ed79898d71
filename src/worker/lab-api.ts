// The retry-policy lab's worker API: a plain object of functions over JSON data, like the
// simulator's (simulator-api.ts), kept in its own module and its own worker (lab.worker.ts) so
// the lab never waits behind a streamed run, and the simulator's streaming stays untouched.
// `labStart` validates a request and opens a lab; `labNext` computes runs for about `timeMs`
// (beating the heartbeat after each) and returns the progress, with the result in the batch that
// finishes; `labCancel` drops it. Between calls the page is free, so it stays responsive and can
// stop a lab at any batch.

import { LAB_POLICIES, LAB_PRESETS, POLICY_TITLES, RetryLab, validateLabRequest, type LabRequest, type LabResult } from '../engine/lab/index';
import type { ValidationIssue } from '../engine/scenario/validate-types';
import { beat } from './heartbeat';

export interface LabProgress {
  labId: number;
  done: number;
  total: number;
  finished: boolean;
  /** Present in the batch that finishes the lab. */
  result?: LabResult;
}

export type LabStartResult = { ok: true; labId: number; total: number } | { ok: false; issues: ValidationIssue[] };

const OPEN_LABS_MAX = 2;
const labs = new Map<number, RetryLab>();
let nextLabId = 1;

export const labApi = {
  /** Presets and policies, for the page's form. */
  labCatalog() {
    return { presets: LAB_PRESETS, policies: LAB_POLICIES.map((name) => ({ name, title: POLICY_TITLES[name] })) };
  },

  labStart(request: LabRequest): LabStartResult {
    const issues = validateLabRequest(request);
    if (issues.length > 0) return { ok: false, issues };
    const lab = new RetryLab(request);
    const labId = nextLabId++;
    labs.set(labId, lab);
    for (const id of labs.keys()) if (labs.size > OPEN_LABS_MAX) labs.delete(id);
    return { ok: true, labId, total: lab.total };
  },

  /** Runs of lab `labId` for about `timeMs` (at least one); the batch that finishes carries the result. */
  labNext(labId: number, timeMs = 100): LabProgress {
    const lab = labs.get(labId);
    if (!lab) throw new Error(`no open lab ${labId}`);
    const startedMs = performance.now();
    let finished = lab.finished;
    while (!finished) {
      finished = lab.step(1);
      const nowMs = performance.now();
      beat(nowMs);
      if (nowMs - startedMs >= timeMs) break;
    }
    if (!finished) return { labId, done: lab.done, total: lab.total, finished };
    labs.delete(labId);
    return { labId, done: lab.done, total: lab.total, finished, result: lab.result() };
  },

  labCancel(labId: number): void {
    labs.delete(labId);
  },
};

export type LabApi = typeof labApi;
