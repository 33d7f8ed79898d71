// What can be wrong with a shared link or file, said plainly. Every way a link can fail ends as
// one ShareProblem: a kind (for tests and telemetry-free branching), a one-line title and a
// sentence on what to do, plus the validation issues (path + reason) when there are any. The
// app shows it and loads nothing from the link; nothing here touches saved work.

export type ShareProblemKind =
  | 'too-long'        // over the size we are willing to decode
  | 'malformed'       // not a Brokerlab payload at all (bad characters, unknown prefix)
  | 'truncated'       // the compressed data ends early: the link was cut
  | 'corrupt'         // decompresses to garbage / not JSON
  | 'newer-version'   // made by a newer Brokerlab
  | 'unsupported-version'
  | 'invalid'         // well-formed, but the state or the scenario does not validate
  | 'unknown-lesson';

export interface ShareIssue {
  path: string;
  message: string;
}

export interface ShareProblem {
  kind: ShareProblemKind;
  title: string;
  detail: string;
  issues: ShareIssue[];
}

export function problem(kind: ShareProblemKind, title: string, detail: string, issues: ShareIssue[] = []): ShareProblem {
  return { kind, title, detail, issues };
}

export type ShareResult<T> = { ok: true; value: T } | { ok: false; problem: ShareProblem };

export const fail = <T>(p: ShareProblem): ShareResult<T> => ({ ok: false, problem: p });
export const ok = <T>(value: T): ShareResult<T> => ({ ok: true, value });

/** The problem as text (one line for the title, one per issue). */
export function describeProblem(p: ShareProblem): string {
  return [p.title, p.detail, ...p.issues.map((i) => (i.path ? `• ${i.path}: ${i.message}` : `• ${i.message}`))].filter(Boolean).join('\n');
}
