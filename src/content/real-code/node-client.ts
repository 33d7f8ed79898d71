/**
 * The lesson's solution with a Node client of the lesson's broker (TypeScript): @azure/service-bus
 * for Service Bus and the generic peek-lock broker, amqplib for RabbitMQ, kafkajs for Kafka. The
 * consumer's concurrency, settlement and the run's backoff formula are written out, so the
 * numbers read here are the run's.
 */
import type { RetryPolicy } from '../../engine/patterns/retry/policies';
import type { ConsumerSettings } from './settings';
import { retryLimit } from './settings';
import { camel, describePolicy, indent, str, type RealCodeSnippet } from './snippet';

/** The wait before retry `attempt` (1-based) in TypeScript: the run's formula. */
function backoffFunction(p: RetryPolicy, name: string): string[] {
  const base = p.baseTicks ?? 100;
  const cap = p.capTicks ?? 60_000;
  const exp = `Math.min(${cap}, ${base} * 2 ** (attempt - 1))`;
  const body = (() => {
    switch (p.kind) {
      case 'immediate': return '0';
      case 'interval': return String(p.intervalTicks ?? 1000);
      case 'intervals': return `[${(p.intervalsTicks ?? []).join(', ')}][attempt - 1]`;
      case 'incremental': return `${p.initialTicks ?? 0} + (attempt - 1) * ${p.incrementTicks ?? 1000}`;
      case 'exponential': return exp;
      case 'full-jitter': return `Math.random() * ${exp}`;
      case 'equal-jitter': return `(${exp} / 2) * (1 + Math.random())`;
      default: return `(previous = Math.min(${cap}, ${base} + Math.random() * (previous * 3 - ${base})))`;
    }
  })();
  return [
    `// ${describePolicy(p)}.`,
    ...(p.kind === 'decorrelated-jitter' ? [`let previous = ${base};`] : []),
    `const ${name} = { retriesMax: ${retryLimit(p)}, backoffMs: (attempt: number): number => ${body} };`,
  ];
}

/** In-process retries: the work again after each policy's wait, until its retries are used up. */
const WITH_RETRIES = [
  'async function withRetries(work: () => Promise<void>, policy: { retriesMax: number; backoffMs(attempt: number): number }): Promise<void> {',
  ...indent(['for (let attempt = 1; ; attempt++) {', ...indent(['try {', '  return await work();', '} catch (error) {', '  if (attempt > policy.retriesMax) throw error;', '  await new Promise((r) => setTimeout(r, policy.backoffMs(attempt)));', '}'], 1), '}'], 1),
  '}',
];

/** Publisher confirms on amqplib's confirm channel: the publish waits for basic.ack; a basic.nack rejects it. */
const CONFIRMED_PUBLISH = [
  '// Confirm mode: a publish waits for the broker\'s basic.ack; a basic.nack (a full queue with',
  '// x-overflow reject-publish) rejects it, and the handler backs off and publishes again.',
  'const publishConfirmed = (exchange: string, routingKey: string, body: unknown): Promise<void> =>',
  '  new Promise((resolve, reject) => channel.publish(exchange, routingKey, Buffer.from(JSON.stringify(body)), { persistent: true }, (err: unknown) => (err ? reject(err) : resolve())));',
];

const policyName = (c: ConsumerSettings) => `${camel(c.handler)}Retry`;

function work(c: ConsumerSettings, message: string): string {
  const call = `handle${c.handler.replace(/[^A-Za-z0-9]/g, '')}(${message})`;
  return c.retry ? `await withRetries(() => ${call}, ${policyName(c)});` : `await ${call};`;
}

function serviceBus(c: ConsumerSettings): string[] {
  const receiver = `${camel(c.handler)}Receiver`;
  return [
    `const ${receiver} = client.createReceiver(${str(c.entity)}, { receiveMode: 'peekLock' });`,
    `${receiver}.subscribe(`,
    ...indent(['{', ...indent(['async processMessage(message) {', ...indent(['try {', `  ${work(c, 'message.body')}`, `  await ${receiver}.completeMessage(message);`, '} catch (error) {', ...(c.deadLetters ? [`  if (isPoison(error)) return ${receiver}.deadLetterMessage(message, { deadLetterReason: 'poison', deadLetterErrorDescription: String(error) });`] : []), `  await ${receiver}.abandonMessage(message); // delivered again until MaxDeliveryCount${c.maxDeliveryCount !== undefined ? ` (${c.maxDeliveryCount})` : ''}`, '}'], 1), '},', 'async processError(args) {', '  console.error(args.errorSource, args.entityPath, args.error);', '},'], 1), '},', `{ maxConcurrentCalls: ${c.concurrency}, autoCompleteMessages: false },`], 1),
    ');',
  ];
}

function rabbit(c: ConsumerSettings): string[] {
  const args = c.maxDeliveryCount !== undefined ? `{ durable: true, arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': ${c.maxDeliveryCount} } }` : '{ durable: true }';
  return [
    `await channel.assertQueue(${str(c.entity)}, ${args});`,
    `await channel.prefetch(${c.concurrency});`,
    `await channel.consume(${str(c.entity)}, async (msg) => {`,
    ...indent(['if (!msg) return;', 'try {', `  ${work(c, 'JSON.parse(msg.content.toString())')}`, '  channel.ack(msg);', '} catch (error) {', ...(c.deadLetters ? ['  if (isPoison(error)) return channel.nack(msg, false, false); // to the dead-letter exchange'] : []), '  channel.nack(msg, false, true); // back to the queue', '}'], 1),
    '}, { noAck: false });',
  ];
}

function kafka(c: ConsumerSettings): string[] {
  const consumer = `${camel(c.handler)}Consumer`;
  return [
    `const ${consumer} = kafka.consumer({ groupId: ${str(c.groupId)} });`,
    `await ${consumer}.connect();`,
    `await ${consumer}.subscribe({ topic: ${str(c.entity)}, fromBeginning: true });`,
    `await ${consumer}.run({`,
    ...indent([`partitionsConsumedConcurrently: ${c.concurrency},`, 'eachMessage: async ({ message }) => {', `  ${work(c, 'JSON.parse(message.value!.toString())')}`, '  // returning commits the offset (autoCommit); throwing makes kafkajs seek back and retry', '},'], 1),
    '});',
  ];
}

export function nodeClient(consumers: ConsumerSettings[]): RealCodeSnippet {
  const brokers = new Set(consumers.map((c) => (c.broker === 'generic' ? 'servicebus' : c.broker)));
  const lines: string[] = ['// The consumers of the reference solution in Node, with the run\'s numbers (1 tick = 1 ms).'];
  if (brokers.has('servicebus')) lines.push("import { ServiceBusClient } from '@azure/service-bus';");
  if (brokers.has('rabbitmq')) lines.push("import amqp from 'amqplib';");
  if (brokers.has('kafka')) lines.push("import { Kafka } from 'kafkajs';");
  lines.push('');
  if (brokers.has('servicebus')) lines.push('const client = new ServiceBusClient(process.env.SERVICEBUS_CONNECTION!);');
  const confirms = consumers.some((c) => c.broker === 'rabbitmq' && c.publisherConfirms);
  if (brokers.has('rabbitmq')) lines.push("const connection = await amqp.connect('amqp://localhost');", `const channel = await connection.${confirms ? 'createConfirmChannel' : 'createChannel'}();`);
  if (confirms) lines.push('', ...CONFIRMED_PUBLISH);
  if (brokers.has('kafka')) lines.push("const kafka = new Kafka({ brokers: ['localhost:9092'] });");
  lines.push('');
  const retrying = consumers.filter((c) => c.retry);
  if (retrying.length > 0) {
    lines.push(...WITH_RETRIES, '');
    for (const c of retrying) lines.push(...backoffFunction(c.retry!, policyName(c)), '');
  }
  for (const c of consumers) {
    lines.push(`// ${c.service}: ${c.handler} on ${c.entity}`);
    lines.push(...(c.broker === 'kafka' ? kafka(c) : c.broker === 'rabbitmq' ? rabbit(c) : serviceBus(c)), '');
  }
  const names = [...brokers].map((b) => (b === 'kafka' ? 'kafkajs' : b === 'rabbitmq' ? 'amqplib' : '@azure/service-bus')).join(', ');
  return { tool: 'Node', language: 'typescript', note: `TypeScript with ${names}: the consumer loop written out.`, code: lines.join('\n') };
}
