// The editor's reactive state: the handler files of one scenario (or lesson), their text as
// the user wrote it (saved to this browser on every change, see storage/drafts.ts), their
// diagnostics from the TypeScript checker, and the comparison of the last two runs. Monaco is
// only a view of it (EditorPanel creates and destroys the editor in an $effect).

import type { Scenario } from '../../engine/scenario/types';
import type { TraceEvent } from '../../engine/trace/types';
import type { CheckResult } from '../../engine/checks/types';
import { diffRuns, type RunDiff, type RunSnapshot } from '../../projections/run-diff';
import { BEFORE_LINK, DraftStore, reconcile } from '../storage/drafts';

export interface HandlerFile {
  /** File name, also the model URI path: "Inventory/ReserveStock.ts". */
  id: string;
  service: string;
  handler: string;
  starter: string;
  /** The lesson's reference solution, when it has one. */
  solution?: string;
}

export interface Diagnostic {
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning';
  /** A syntax error (TypeScript codes 1000–1999): the code cannot run at all. */
  syntax: boolean;
}

/** Handlers written as source text, one file each; built-ins are not editable. */
export function handlerFiles(scenario: Scenario, solutions: Record<string, string> = {}): HandlerFile[] {
  const files: HandlerFile[] = [];
  for (const service of scenario.services) {
    for (const handler of service.handlers) {
      if (!('source' in handler.code)) continue;
      const id = handler.code.file ?? `${service.name}/${handler.name}.ts`;
      files.push({ id, service: service.name, handler: handler.name, starter: handler.code.source, ...(solutions[id] !== undefined ? { solution: solutions[id] } : {}) });
    }
  }
  return files;
}

/** The scenario with each handler's source replaced by the text of its file. */
export function withCode(scenario: Scenario, texts: Record<string, string>): Scenario {
  return {
    ...scenario,
    services: scenario.services.map((service) => ({
      ...service,
      handlers: service.handlers.map((handler) => {
        if (!('source' in handler.code)) return handler;
        const id = handler.code.file ?? `${service.name}/${handler.name}.ts`;
        return texts[id] === undefined ? handler : { ...handler, code: { ...handler.code, source: texts[id]!, file: id } };
      }),
    })),
  };
}

export class Workspace {
  readonly files: HandlerFile[];
  readonly scope: string;
  readonly #store: DraftStore;
  #texts = $state.raw<Record<string, string>>({});
  #active = $state('');
  #diagnostics = $state.raw<Record<string, Diagnostic[]>>({});
  #conflicts = $state.raw<string[]>([]);
  #restored = $state.raw<string[]>([]);
  #saveWarning = $state<string | null>(null);
  /** One step back: the file's text before a reset, or every file's before "Solve". */
  #undo = $state.raw<{ file: string; text: string; what: 'reset' | 'solution'; texts?: Record<string, string> } | null>(null);
  #viewingSolution = $state(false);
  #diff = $state.raw<RunDiff | null>(null);
  #message = $state<{ tone: 'info' | 'error'; text: string } | null>(null);
  /** The user's edits a shared link's code replaced (see share/link-code.ts), to restore. */
  #beforeLink = $state.raw<Record<string, string>>({});

  #syntaxErrors = $derived.by(() =>
    this.files.flatMap((f) => (this.#diagnostics[f.id] ?? []).filter((d) => d.syntax && d.severity === 'error').map((d) => ({ file: f.id, ...d }))),
  );

  constructor(scope: string, files: HandlerFile[], store = new DraftStore()) {
    this.scope = scope;
    this.files = files;
    this.#store = store;
    const incoming = Object.fromEntries(files.map((f) => [f.id, f.starter]));
    const r = reconcile(incoming, store.load(scope));
    this.#texts = r.texts;
    this.#restored = r.restored;
    this.#conflicts = r.conflicts;
    this.#active = files[0]?.id ?? '';
    const before = store.load(scope + BEFORE_LINK)?.files ?? {};
    this.#beforeLink = Object.fromEntries(Object.entries(before).filter(([id, d]) => files.some((f) => f.id === id) && d.text !== this.#texts[id]).map(([id, d]) => [id, d.text]));
  }

  /** Files whose edit a shared link's code replaced: `restoreBeforeLink()` brings them back. */
  get beforeLink() { return Object.keys(this.#beforeLink); }

  restoreBeforeLink(): void {
    for (const [id, text] of Object.entries(this.#beforeLink)) {
      this.setText(id, text);
      this.#store.discard(this.scope + BEFORE_LINK, id);
    }
    this.#beforeLink = {};
  }

  /** Forget the replaced edits (the user keeps the link's code). */
  dropBeforeLink(): void {
    for (const id of Object.keys(this.#beforeLink)) this.#store.discard(this.scope + BEFORE_LINK, id);
    this.#beforeLink = {};
  }

  get texts() { return this.#texts; }
  get active() { return this.#active; }
  get activeFile() { return this.files.find((f) => f.id === this.#active); }
  get diagnostics() { return this.#diagnostics; }
  get syntaxErrors() { return this.#syntaxErrors; }
  get conflicts() { return this.#conflicts; }
  get restored() { return this.#restored; }
  get saveWarning() { return this.#saveWarning; }
  get undo() { return this.#undo; }
  get viewingSolution() { return this.#viewingSolution; }
  get diff() { return this.#diff; }
  get message() { return this.#message; }

  isEdited(id: string): boolean {
    return this.#texts[id] !== this.files.find((f) => f.id === id)?.starter;
  }

  open(id: string): void {
    if (this.files.some((f) => f.id === id)) {
      this.#active = id;
      this.#viewingSolution = false;
    }
  }

  /** Every change is saved at once: a crash a second later loses nothing. */
  setText(id: string, text: string): void {
    if (this.#texts[id] === text) return;
    this.#texts = { ...this.#texts, [id]: text };
    const file = this.files.find((f) => f.id === id);
    const result = this.#store.save(this.scope, id, text, file?.starter ?? '');
    this.#saveWarning = result.persisted ? null : (result.reason ?? 'not saved');
  }

  setDiagnostics(id: string, list: Diagnostic[]): void {
    this.#diagnostics = { ...this.#diagnostics, [id]: list };
  }

  /** Back to the starter; the text before is kept for one undo. */
  resetToStarter(id: string): void {
    const file = this.files.find((f) => f.id === id);
    if (!file) return;
    this.#undo = { file: id, text: this.#texts[id] ?? '', what: 'reset' };
    this.setText(id, file.starter);
  }

  /** "Solve": every file's reference solution into the editor; the texts before are kept for one undo. */
  loadSolution(): void {
    const changed = this.files.filter((f) => f.solution !== undefined);
    if (changed.length === 0) return;
    const active = changed.some((f) => f.id === this.#active) ? this.#active : changed[0]!.id;
    this.#undo = { file: changed.map((f) => f.id).join(', '), text: this.#texts[active] ?? '', what: 'solution', texts: { ...this.#texts } };
    this.#viewingSolution = false;
    for (const f of changed) this.setText(f.id, f.solution!);
    this.#active = active;
  }

  undoReset(): void {
    const undo = this.#undo;
    if (!undo) return;
    this.#undo = null;
    if (undo.texts) {
      for (const [id, text] of Object.entries(undo.texts)) this.setText(id, text);
      return;
    }
    this.setText(undo.file, undo.text);
    this.#active = undo.file;
  }

  /** The explicit choice after a conflict: take the incoming (starter or linked) code; the edit is kept for undo. */
  useIncoming(id: string): void {
    this.resetToStarter(id);
    this.#conflicts = this.#conflicts.filter((f) => f !== id);
  }

  keepMine(id: string): void {
    this.#conflicts = this.#conflicts.filter((f) => f !== id);
  }

  toggleSolution(): void {
    this.#viewingSolution = !this.#viewingSolution && this.activeFile?.solution !== undefined;
  }

  /** Why "Run with my code" must wait, or null when it may run. */
  runBlocker(): string | null {
    const first = this.#syntaxErrors[0];
    if (!first) return null;
    return `Fix the syntax error first: ${first.file}:${first.line}:${first.column} ${first.message}`;
  }

  say(tone: 'info' | 'error', text: string): void {
    this.#message = { tone, text };
  }

  clearMessage(): void {
    this.#message = null;
  }

  setDiff(before: RunSnapshot | null, after: RunSnapshot): void {
    this.#diff = before ? diffRuns(before, after) : null;
  }
}

export function snapshotOf(trace: readonly TraceEvent[], checks: readonly CheckResult[], hash: string): RunSnapshot {
  return { trace: trace.slice(), checks, hash };
}
