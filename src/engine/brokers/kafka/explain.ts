// Sentences for Kafka decisions: partitioning, assignment and commits, kept apart from the rules.

import { murmur2, toPositive, utf8 } from './murmur2';

export function partitionText(rule: 'key' | 'sticky' | 'explicit', partition: number, count: number, key: string | undefined, offset: number): string {
  if (rule === 'explicit') return `partition ${partition} chosen by the producer explicitly; offset ${offset}`;
  if (rule === 'sticky') return `no key: the sticky partitioner keeps filling partition ${partition} until batch.size bytes, then switches; offset ${offset}`;
  const hash = murmur2(utf8(key!));
  return `partition ${partition} = toPositive(murmur2('${key}') = ${hash}) mod ${count}; offset ${offset}`;
}

export function assignmentText(assignment: Record<string, number[]>): string {
  const parts = Object.entries(assignment).map(([m, ps]) => `${m} ← [${ps.join(', ')}]`);
  return parts.length ? parts.join('; ') : 'no members: nobody reads the topic';
}

export { toPositive };
