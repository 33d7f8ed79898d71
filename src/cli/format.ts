// Text renderings of a run for the terminal: a summary (outcome counts, checks, trace hash)
// and one line per trace event.

import type { RunResult, TraceEvent } from '../engine/index';

export function formatSummary(r: RunResult): string {
  const lines = [`scenario ${r.scenarioId}  seed ${r.seed}  ${r.metrics.events} events  ended at tick ${r.endTick} (${r.endReason})`];
  const counts = Object.entries(r.metrics.counts).filter(([, n]) => n > 0);
  lines.push('outcomes: ' + counts.map(([k, n]) => `${k} ${n}`).join(', '));
  for (const c of r.checks) {
    lines.push(`check ${c.valid ? '✓' : '✗'} ${c.name}`);
    for (const e of c.errors) lines.push(`    ${e.anomaly}: ${e.explanation} [events ${e.eventRefs.join(', ')}]`);
  }
  lines.push(`trace hash ${r.hash}`);
  return lines.join('\n') + '\n';
}

export function formatTraceLine(e: TraceEvent): string {
  const ids = [e.messageId, e.deliveryId, e.correlationId].filter(Boolean).join(' ');
  return `${String(e.seq).padStart(6)} ${String(e.tick).padStart(9)}  ${e.kind.padEnd(24)} ${e.actor.padEnd(14)} ${ids}${e.text ? `  — ${e.text}` : ''}`;
}
