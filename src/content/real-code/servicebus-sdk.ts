/**
 * The lesson's solution with the Azure Service Bus SDK for .NET (Azure.Messaging.ServiceBus):
 * the entity created with its delivery limit, lock and sessions; a `ServiceBusProcessor` (or
 * session processor) with `MaxConcurrentCalls` and `AutoCompleteMessages = false`, settling
 * explicitly — complete after the work, dead-letter with a reason, abandon otherwise — an
 * in-process retry loop with the run's backoff, and `ProcessErrorAsync`. Every consumer of the
 * lesson is shown on Service Bus, whatever broker the lesson runs on, with the mapping said.
 */
import type { RetryPolicy } from '../../engine/patterns/retry/policies';
import type { ConsumerSettings } from './settings';
import { retryLimit } from './settings';
import { camel, describePolicy, indent, pascal, str, type RealCodeSnippet } from './snippet';

const ms = (n: number) => `TimeSpan.FromMilliseconds(${n})`;

/** The wait before retry `attempt` (1-based) in C#, the same formula as the run's policy. */
function backoffExpression(p: RetryPolicy): string {
  const base = p.baseTicks ?? 100;
  const cap = p.capTicks ?? 60_000;
  const exp = `Math.Min(${cap}, ${base} * Math.Pow(2, attempt - 1))`;
  switch (p.kind) {
    case 'immediate': return '0';
    case 'interval': return String(p.intervalTicks ?? 1000);
    case 'intervals': return `new[] { ${(p.intervalsTicks ?? []).join(', ')} }[attempt - 1]`;
    case 'incremental': return `${p.initialTicks ?? 0} + (attempt - 1) * ${p.incrementTicks ?? 1000}`;
    case 'exponential': return exp;
    case 'full-jitter': return `Random.Shared.NextDouble() * ${exp}`;
    case 'equal-jitter': return `${exp} / 2 * (1 + Random.Shared.NextDouble())`;
    default: return `previous = Math.Min(${cap}, ${base} + Random.Shared.NextDouble() * (previous * 3 - ${base}))`;
  }
}

function consumer(c: ConsumerSettings): string[] {
  const entity = c.entity;
  const options: string[] = [];
  if (c.maxDeliveryCount !== undefined) options.push(`MaxDeliveryCount = ${c.maxDeliveryCount},`);
  if (c.lockDurationMs !== undefined) options.push(`LockDuration = ${ms(c.lockDurationMs)},`);
  if (c.requiresSession) options.push('RequiresSession = true,');
  const lines: string[] = [];
  if (options.length) lines.push(`await admin.CreateQueueAsync(new CreateQueueOptions(${str(entity)})`, '{', ...indent(options, 1), '});');
  const processorVar = `${camel(c.handler)}Processor`;
  const argsType = c.requiresSession ? 'ProcessSessionMessageEventArgs' : 'ProcessMessageEventArgs';
  if (c.requiresSession) {
    lines.push(`var ${processorVar} = client.CreateSessionProcessor(${str(entity)}, new ServiceBusSessionProcessorOptions`, '{', ...indent([`MaxConcurrentSessions = ${c.concurrency},`, 'AutoCompleteMessages = false,'], 1), '});');
  } else {
    lines.push(`var ${processorVar} = client.CreateProcessor(${str(entity)}, new ServiceBusProcessorOptions`, '{', ...indent([`MaxConcurrentCalls = ${c.concurrency},`, 'AutoCompleteMessages = false,'], 1), '});');
  }
  const handle = `await ${pascal(c.handler)}Async(message, args.CancellationToken);${c.usesInbox ? ' // the inbox check and the effect commit in one transaction' : ''}`;
  const work: string[] = [];
  if (c.retry) {
    work.push(`// ${describePolicy(c.retry)}, in process: keep them within the lock.`, ...(c.retry.kind === 'decorrelated-jitter' ? [`double previous = ${c.retry.baseTicks ?? 100};`] : []));
    work.push('for (var attempt = 1; ; attempt++)', '{', ...indent(['try', '{', ...indent([handle, 'break;'], 1), '}', `catch (Exception) when (attempt <= ${retryLimit(c.retry)})`, '{', ...indent([`await Task.Delay(TimeSpan.FromMilliseconds(${backoffExpression(c.retry)}), args.CancellationToken);`], 1), '}'], 1), '}');
  } else {
    work.push(handle);
  }
  work.push('await args.CompleteMessageAsync(message);');
  const body: string[] = ['var message = args.Message;', 'try', '{', ...indent(work, 1), '}'];
  if (c.deadLetters) body.push('catch (PoisonMessageException ex)', '{', ...indent(['// Cannot succeed: dead-letter it now, with the reason, instead of burning deliveries.', 'await args.DeadLetterMessageAsync(message, "poison", ex.Message);'], 1), '}');
  body.push('catch (Exception)', '{', ...indent([`// Back to the queue: delivered again until MaxDeliveryCount${c.maxDeliveryCount !== undefined ? ` (${c.maxDeliveryCount})` : ''}, then dead-lettered.`, 'await args.AbandonMessageAsync(message);'], 1), '}');
  lines.push(`${processorVar}.ProcessMessageAsync += async (${argsType} args) =>`, '{', ...indent(body, 1), '};');
  lines.push(`${processorVar}.ProcessErrorAsync += args =>`, '{', ...indent(['logger.LogError(args.Exception, "{Source} on {Entity}", args.ErrorSource, args.EntityPath);', 'return Task.CompletedTask;'], 1), '};');
  lines.push(`await ${processorVar}.StartProcessingAsync();`);
  return lines;
}

export function serviceBusSdk(consumers: ConsumerSettings[]): RealCodeSnippet {
  const mapped = consumers.some((c) => c.broker !== 'servicebus');
  const body: string[] = ['// Azure.Messaging.ServiceBus: the consumers of the reference solution, with the run\'s numbers (1 tick = 1 ms).'];
  if (mapped) body.push('// The lesson runs on another broker; here each of its queues or topics is a Service Bus queue.');
  body.push('var admin = new ServiceBusAdministrationClient(connectionString);', 'await using var client = new ServiceBusClient(connectionString);', '');
  for (const c of consumers) body.push(`// ${c.service}: ${c.handler} on ${c.entity}`, ...consumer(c), '');
  return { tool: 'Azure Service Bus SDK', language: 'csharp', note: 'Azure.Messaging.ServiceBus: a processor per consumer, settled explicitly.', code: body.join('\n') };
}
