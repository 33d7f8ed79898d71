// The activation bars a window of rows shows, found by blocks, are the ones a walk over every
// activation finds: for windows and cursors all over a run, while the run streams in.

import { describe, expect, it } from 'vitest';
import { runScenario, type FaultSpec } from '../../src/engine/index';
import { builtinScenarios } from '../../src/scenarios/index';
import { rowsBefore, SequenceLayoutBuilder, type Activation } from '../../src/projections/sequence-layout';
import { ActivationWindow } from '../../src/ui/sequence/activation-window';

/** The walk the live diagram did before: every activation that starts above the window's end. */
function walk(all: readonly Activation[], first: number, last: number, at: number, rowCount: number) {
  const out = [];
  for (const a of all) {
    if (a.fromRow > last || a.startSeq >= at) continue;
    const running = a.endSeq === null || a.endSeq >= at;
    const toRow = running ? rowCount - 1 : a.toRow;
    if (toRow < first || toRow < a.fromRow) continue;
    out.push({ a, toRow, running });
  }
  return out;
}

describe('ActivationWindow', () => {
  it('finds the bars a full walk finds, batch after batch', () => {
    const orderFlow = builtinScenarios.find((s) => s.id === 'order-flow')!;
    const faults = [{ type: 'crash', service: 'Inventory', atTick: 300, restartAfterTicks: 2000 }] as FaultSpec[];
    const { trace } = runScenario(orderFlow, { seed: 42, faults });
    const builder = new SequenceLayoutBuilder({ services: orderFlow.services.map((s) => s.name) });
    const window = new ActivationWindow();
    let checked = 0;
    for (let at = 0; at < trace.length; at += 97) {
      builder.add(trace.slice(at, Math.min(trace.length, at + 97)));
      window.refresh(builder.activations);
      const length = Math.min(trace.length, at + 97);
      for (const position of [length, Math.floor(length / 2), Math.floor(length / 3) + 1]) {
        const rowCount = rowsBefore(builder.rows, position);
        for (const first of [0, Math.max(0, rowCount - 30), Math.floor(rowCount / 2)]) {
          const last = Math.min(rowCount - 1, first + 25);
          const found = window.query(first, last, position, rowCount);
          expect(found).toEqual(walk(builder.activations, first, last, position, rowCount));
          checked += found.length;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
