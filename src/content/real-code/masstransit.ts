/**
 * The lesson's solution as MassTransit (C#) configures it: one receive endpoint per consumer on
 * the lesson's transport (Azure Service Bus for Service Bus and the generic peek-lock broker,
 * RabbitMQ, or a Kafka rider), with the endpoint's delivery limit, lock and concurrency,
 * `UseMessageRetry` / `UseDelayedRedelivery` for the retry policy, `UseKillSwitch` (pause) or
 * `UseCircuitBreaker` (fail fast) for the breaker, and the Entity Framework outbox (its inbox
 * on the consumer side) where the code uses them.
 */
import type { RetryPolicy } from '../../engine/patterns/retry/policies';
import type { ConsumerSettings } from './settings';
import { retryLimit } from './settings';
import { describePolicy, indent, pascal, str, type RealCodeSnippet } from './snippet';

const ms = (n: number) => `TimeSpan.FromMilliseconds(${n})`;

/** A retry policy in MassTransit's retry configurator (`r => r.…`). */
export function massTransitPolicy(p: RetryPolicy): string {
  const limit = retryLimit(p);
  switch (p.kind) {
    case 'immediate': return `r.Immediate(${limit})`;
    case 'interval': return `r.Interval(${limit}, ${ms(p.intervalTicks ?? 1000)})`;
    case 'intervals': return `r.Intervals(${(p.intervalsTicks ?? []).join(', ')})`;
    case 'incremental': return `r.Incremental(${limit}, ${ms(p.initialTicks ?? 0)}, ${ms(p.incrementTicks ?? 1000)})`;
    default: return `r.Exponential(${limit}, ${ms(p.baseTicks ?? 100)}, ${ms(p.capTicks ?? 60_000)}, ${ms(p.baseTicks ?? 100)})`;
  }
}

function policyComment(p: RetryPolicy): string[] {
  const lines = [`// ${describePolicy(p)}.`];
  if (p.kind === 'full-jitter' || p.kind === 'equal-jitter' || p.kind === 'decorrelated-jitter' || p.kind === 'exponential') {
    lines.push("// MassTransit's Exponential(limit, min, max, delta) already randomises each interval; it is the closest to the run's policy.");
  }
  return lines;
}

function endpointBody(c: ConsumerSettings, kafka: boolean): string[] {
  const lines: string[] = [];
  if (!kafka && c.maxDeliveryCount !== undefined) lines.push(c.broker === 'rabbitmq' ? `e.SetQueueArgument("x-delivery-limit", ${c.maxDeliveryCount});` : `e.MaxDeliveryCount = ${c.maxDeliveryCount};`);
  if (!kafka && c.lockDurationMs !== undefined && c.broker !== 'rabbitmq') lines.push(`e.LockDuration = ${ms(c.lockDurationMs)};`);
  if (c.requiresSession) lines.push('e.RequiresSession = true;');
  lines.push(`e.ConcurrentMessageLimit = ${c.concurrency};`);
  if (c.broker === 'rabbitmq') lines.push(`e.PrefetchCount = ${c.concurrency};`);
  if (c.circuitBreaker) {
    const cb = c.circuitBreaker;
    if (cb.mode === 'pause') {
      lines.push(`// Stop consuming after ${cb.tripThreshold} failures in a row; try again after ${cb.resetAfterMs} ms (the messages wait in the queue).`);
      lines.push(`e.UseKillSwitch(k => k.SetActivationThreshold(${cb.tripThreshold}).SetTripThreshold(1.0).SetRestartTimeout(${ms(cb.resetAfterMs)}));`);
    } else {
      lines.push(`// Fail fast after ${cb.tripThreshold} failures in a row; let a trial through after ${cb.resetAfterMs} ms.`);
      lines.push('e.UseCircuitBreaker(cb =>', '{', ...indent(['cb.TrackingPeriod = TimeSpan.FromMinutes(1);', 'cb.TripThreshold = 100;', `cb.ActiveThreshold = ${cb.tripThreshold};`, `cb.ResetInterval = ${ms(cb.resetAfterMs)};`], 1), '});');
    }
  }
  if (c.redelivery) lines.push(...policyComment(c.redelivery).map((l) => l.replace('// ', '// Delayed redelivery: ')), `e.UseDelayedRedelivery(r => ${massTransitPolicy(c.redelivery)});`);
  if (c.retry) lines.push(...policyComment(c.retry), `e.UseMessageRetry(r => ${massTransitPolicy(c.retry)});`);
  if (c.usesInbox) lines.push('// The inbox: a message id already consumed is skipped, in the same transaction as the effect.', 'e.UseEntityFrameworkOutbox<AppDbContext>(context);');
  lines.push(`e.ConfigureConsumer<${pascal(c.handler)}Consumer>(context);`);
  return lines;
}

export function massTransit(consumers: ConsumerSettings[], outboxPollMs: number | undefined, usesOutbox: boolean): RealCodeSnippet {
  const kafkaConsumers = consumers.filter((c) => c.broker === 'kafka');
  const busConsumers = consumers.filter((c) => c.broker !== 'kafka');
  const rabbit = busConsumers.some((c) => c.broker === 'rabbitmq');
  const needsEf = usesOutbox || consumers.some((c) => c.usesInbox);
  const body: string[] = [];
  for (const c of busConsumers) body.push(`x.AddConsumer<${pascal(c.handler)}Consumer>();`);
  if (needsEf) {
    const ef = [outboxPollMs !== undefined ? `o.QueryDelay = ${ms(outboxPollMs)}; // how often the relay looks for new outbox rows` : '', 'o.UsePostgres();', usesOutbox ? 'o.UseBusOutbox(); // Publish inside the DbContext transaction writes outbox rows' : ''].filter(Boolean);
    body.push('x.AddEntityFrameworkOutbox<AppDbContext>(o =>', '{', ...indent(ef, 1), '});');
  }
  const endpoints: string[] = [];
  for (const c of busConsumers) endpoints.push(`cfg.ReceiveEndpoint(${str(c.entity)}, e =>`, '{', ...indent(endpointBody(c, false), 1), '});');
  if (rabbit && busConsumers.some((c) => c.publisherConfirms)) endpoints.unshift('cfg.Host("localhost", "/", h => h.PublisherConfirmation = true); // an awaited Publish fails when the broker nacks (a full queue, reject-publish)');
  body.push(`x.${rabbit ? 'UsingRabbitMq' : busConsumers.length > 0 || kafkaConsumers.length === 0 ? 'UsingAzureServiceBus' : 'UsingInMemory'}((context, cfg) =>`, '{', ...indent(endpoints.length ? endpoints : ['cfg.ConfigureEndpoints(context);'], 1), '});');
  if (kafkaConsumers.length > 0) {
    const topics: string[] = [];
    for (const c of kafkaConsumers) topics.push(`k.TopicEndpoint<${pascal(c.messageType)}>(${str(c.entity)}, ${str(c.groupId)}, e =>`, '{', ...indent(endpointBody(c, true), 1), '});');
    const rider = [...kafkaConsumers.map((c) => `rider.AddConsumer<${pascal(c.handler)}Consumer>();`), 'rider.UsingKafka((context, k) =>', '{', ...indent(['k.Host("localhost:9092");', ...topics], 1), '});'];
    body.push('x.AddRider(rider =>', '{', ...indent(rider, 1), '});');
  }
  const transport = rabbit ? 'RabbitMQ' : kafkaConsumers.length > 0 && busConsumers.length === 0 ? 'a Kafka rider' : 'Azure Service Bus';
  const code = ['// Program.cs: the endpoints of the reference solution, with the run\'s numbers (1 tick = 1 ms).', 'builder.Services.AddMassTransit(x =>', '{', ...indent(body, 1), '});', ''].join('\n');
  return { tool: 'MassTransit', language: 'csharp', note: `MassTransit 8 on ${transport}: endpoints, retries, breaker and outbox as the solution sets them.`, code };
}
