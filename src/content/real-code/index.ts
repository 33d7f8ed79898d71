/**
 * "In real code": a lesson's reference solution written with the tools people use — MassTransit,
 * the Azure Service Bus SDK, Spring Kafka and a Node client — generated from the solution's own
 * settings (consumers, concurrency, delivery limits, locks, retry and redelivery policies,
 * breakers, outbox and inbox), so every number in a snippet is a number of the run.
 */
import type { Lesson } from '../types';
import { resolveScenario, solutionFiles } from '../resolve';
import { consumerSettings, outboxProducers, type ConsumerSettings } from './settings';
import type { RealCodeSnippet } from './snippet';
import { massTransit } from './masstransit';
import { serviceBusSdk } from './servicebus-sdk';
import { springKafka } from './spring-kafka';
import { nodeClient } from './node-client';

export type { RealCodeSnippet } from './snippet';

export interface RealCode {
  consumers: ConsumerSettings[];
  snippets: RealCodeSnippet[];
}

/** The lesson's solution in real code, or null when its solution has no consumer to show. */
export function realCodeFor(lesson: Lesson): RealCode | null {
  const scenario = resolveScenario(lesson, solutionFiles(lesson));
  const consumers = consumerSettings(scenario);
  if (consumers.length === 0) return null;
  const producers = outboxProducers(scenario);
  const pollMs = producers.find((p) => p.pollMs !== undefined)?.pollMs;
  return {
    consumers,
    snippets: [massTransit(consumers, pollMs, producers.length > 0 || consumers.some((c) => c.usesOutbox)), serviceBusSdk(consumers), springKafka(consumers), nodeClient(consumers)],
  };
}
