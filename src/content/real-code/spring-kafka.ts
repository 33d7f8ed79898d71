/**
 * The lesson's solution with Spring for Apache Kafka (Java): a `@KafkaListener` per consumer with
 * its group and concurrency, `@RetryableTopic` for the retry policy (attempts count the first
 * one; `random = true` adds jitter) and a `@DltHandler` for what is dead-lettered, and a
 * Resilience4j circuit breaker configured to trip on the run's failures in a row. Consumers on
 * other brokers are shown as Kafka topics, with the mapping said.
 */
import type { RetryPolicy } from '../../engine/patterns/retry/policies';
import type { ConsumerSettings } from './settings';
import { retryLimit } from './settings';
import { camel, describePolicy, indent, pascal, str, type RealCodeSnippet } from './snippet';

function backoff(p: RetryPolicy): string {
  switch (p.kind) {
    case 'immediate': return '@Backoff(delay = 0)';
    case 'interval': return `@Backoff(delay = ${p.intervalTicks ?? 1000})`;
    case 'intervals': return `@Backoff(delay = ${(p.intervalsTicks ?? [1000])[0]})`;
    case 'incremental': return `@Backoff(delay = ${Math.max(1, p.initialTicks ?? 0)})`;
    case 'exponential': return `@Backoff(delay = ${p.baseTicks ?? 100}, multiplier = 2.0, maxDelay = ${p.capTicks ?? 60_000})`;
    default: return `@Backoff(delay = ${p.baseTicks ?? 100}, multiplier = 2.0, maxDelay = ${p.capTicks ?? 60_000}, random = true)`;
  }
}

function listener(c: ConsumerSettings): string[] {
  const lines: string[] = [];
  const policy = c.redelivery ?? c.retry;
  if (policy) {
    const attempts = retryLimit(policy) + 1;
    lines.push(`// ${describePolicy(policy)}: ${attempts} attempts in all, each retry on its own retry topic.`);
    if (policy.kind === 'intervals' || policy.kind === 'incremental') lines.push('// @Backoff has one delay and a multiplier; a list of intervals needs a custom BackOff bean.');
    if (policy.kind === 'full-jitter' || policy.kind === 'equal-jitter' || policy.kind === 'decorrelated-jitter') lines.push('// random = true draws each wait between the delay and delay × multiplier: jitter, not the exact formula.');
    lines.push('@RetryableTopic(', ...indent([`attempts = ${str(String(attempts))},`, `backoff = ${backoff(policy)},`, 'dltTopicSuffix = "-dlt")'], 1));
  }
  lines.push(`@KafkaListener(id = ${str(c.handler)}, topics = ${str(c.entity)}, groupId = ${str(c.groupId)}, concurrency = ${str(String(c.concurrency))})`);
  const call = `${camel(c.handler)}Service.handle(message);${c.usesInbox ? ' // inbox check and effect in one database transaction' : ''}`;
  const body = c.circuitBreaker ? [`breaker.executeRunnable(() -> ${call.replace(/;.*$/, '')});`] : [call];
  lines.push(`public void ${camel(c.handler)}(${pascal(c.messageType)} message) {`, ...indent(body, 1), '}');
  if (policy || c.deadLetters) lines.push('', '@DltHandler', `public void ${camel(c.handler)}DeadLettered(${pascal(c.messageType)} message) {`, ...indent(['// Needs a human: alert on it, fix the cause, replay it from the DLT.', 'log.error("dead-lettered: {}", message);'], 1), '}');
  return lines;
}

function breakerConfig(c: ConsumerSettings): string[] {
  const cb = c.circuitBreaker!;
  return [
    `// Open after ${cb.tripThreshold} failures in a row, for ${cb.resetAfterMs} ms; then one trial call.${cb.mode === 'pause' ? ' To stop consuming while open, pause the listener container on the OPEN transition (registry.getListenerContainer(id).pause()).' : ''}`,
    'private final CircuitBreaker breaker = CircuitBreaker.of(',
    ...indent([`${str(c.handler)},`, 'CircuitBreakerConfig.custom()', ...indent(['.slidingWindowType(SlidingWindowType.COUNT_BASED)', `.slidingWindowSize(${cb.tripThreshold})`, `.minimumNumberOfCalls(${cb.tripThreshold})`, '.failureRateThreshold(100)', `.waitDurationInOpenState(Duration.ofMillis(${cb.resetAfterMs}))`, '.permittedNumberOfCallsInHalfOpenState(1)', '.build());'], 1)], 1),
  ];
}

export function springKafka(consumers: ConsumerSettings[]): RealCodeSnippet {
  const mapped = consumers.some((c) => c.broker !== 'kafka');
  const members: string[] = [];
  for (const c of consumers) {
    if (c.circuitBreaker) members.push(...breakerConfig(c), '');
    members.push(...listener(c), '');
  }
  const services = [...new Set(consumers.map((c) => `private final ${pascal(c.handler)}Service ${camel(c.handler)}Service;`))];
  const code = [
    '// Spring for Apache Kafka: the listeners of the reference solution, with the run\'s numbers (1 tick = 1 ms).',
    ...(mapped ? ['// The lesson runs on another broker; here each queue it consumes is a Kafka topic read by a consumer group.'] : []),
    '@Component',
    '@RequiredArgsConstructor',
    '@Slf4j',
    'public class Listeners {',
    ...indent([...services, '', ...members], 1),
    '}',
    '',
  ].join('\n');
  return { tool: 'Spring Kafka', language: 'java', note: 'Spring for Apache Kafka 3: listeners with retry topics and a dead-letter topic.', code };
}
