/**
 * One "In real code" snippet and the small writing helpers the generators share. A snippet
 * records the settings its numbers come from, so the tests can find each number in the parsed
 * code and compare it with the scenario's.
 */
import type { RetryPolicy } from '../../engine/patterns/retry/policies';

export interface RealCodeSnippet {
  /** The tool, as people call it ("MassTransit"). */
  tool: string;
  language: 'csharp' | 'java' | 'typescript';
  /** One line on what this snippet shows and how it maps to the run. */
  note: string;
  code: string;
}

/** "ReserveStock" → "ReserveStock"; "outbox-relay" → "OutboxRelay": an identifier for a class. */
export function pascal(name: string): string {
  return name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('') || 'Handler';
}

/** "ReserveStock" → "reserveStock": an identifier for a method or variable. */
export function camel(name: string): string {
  const p = pascal(name);
  return p[0]!.toLowerCase() + p.slice(1);
}

/** A string literal for C#, Java and TypeScript alike (double quotes, escaped). */
export function str(text: string): string {
  return JSON.stringify(text);
}

/** Human words for a retry policy, the same in every snippet's comment. */
export function describePolicy(p: RetryPolicy): string {
  const limit = p.kind === 'intervals' ? (p.intervalsTicks ?? []).length : (p.limit ?? 0);
  const base = p.baseTicks ?? 100;
  const cap = p.capTicks ?? 60_000;
  switch (p.kind) {
    case 'immediate': return `${limit} immediate retries`;
    case 'interval': return `${limit} retries, ${p.intervalTicks ?? 1000} ms apart`;
    case 'intervals': return `retries after ${(p.intervalsTicks ?? []).join(', ')} ms`;
    case 'incremental': return `${limit} retries, ${p.initialTicks ?? 0} ms then ${p.incrementTicks ?? 1000} ms more each time`;
    case 'exponential': return `${limit} retries, ${base} ms doubling up to ${cap} ms, no jitter`;
    case 'full-jitter': return `${limit} retries, a random wait up to ${base} ms × 2^(n−1) (at most ${cap} ms): full jitter`;
    case 'equal-jitter': return `${limit} retries, half of ${base} ms × 2^(n−1) plus a random other half (at most ${cap} ms): equal jitter`;
    case 'decorrelated-jitter': return `${limit} retries, a random wait between ${base} ms and 3 × the previous one (at most ${cap} ms): decorrelated jitter`;
    default: return 'no retries';
  }
}

/** Indents every line of `lines` by `depth` levels of four spaces. */
export function indent(lines: string[], depth: number): string[] {
  const pad = '    '.repeat(depth);
  return lines.map((l) => (l ? pad + l : l));
}
