// Sandbox: RabbitMQ message priorities, the delivery acknowledgement timeout, and a dead-letter
// exchange that does not exist. `jobs` is a classic queue with x-max-priority 5: urgent jobs
// published while the worker is busy overtake the waiting routine ones (prefetch 1 leaves them
// waiting in the queue, where the priority can act). One monthly report takes 3 minutes, longer
// than the queue's x-consumer-timeout (1 min, checked every minute): RabbitMQ closes the
// worker's channel (PRECONDITION_FAILED), requeues the report, and the worker's late ack is
// refused — the report runs twice. A malformed job is rejected to `jobs.dlx`, which was never
// declared: RabbitMQ accepted the queue (a warning at start) and the message simply vanishes,
// which the no-loss check reports. Try: declare the `jobs.dlx` exchange with a queue bound to it.

import { defineScenario } from '../engine/index';

const submit = `import { defineHandler } from 'brokerlab';

// Entry point: a job with its priority (the AMQP priority property, as a header here).
export default defineHandler('Submit', async (request, ctx) => {
  ctx.send('Job', request.body, { headers: { priority: request.body.priority } });
});
`;

const work = `import { defineHandler } from 'brokerlab';

export default defineHandler('Run', async (msg, ctx) => {
  if (!msg.body.kind) return ctx.reject(); // malformed: to the dead-letter exchange
  // The report takes 3 minutes the first time; a rerun finds its data cached.
  await ctx.work(msg.body.kind === 'report' && !msg.broker.redelivered ? 180_000 : 2_000);
  const done = ctx.db.get('runs', msg.body.id);
  await ctx.db.put('runs', msg.body.id, { times: (done?.times ?? 0) + 1 });
});
`;

export const rabbitMqPrioritiesTimeout = defineScenario({
  id: 'rabbitmq-priorities-timeout',
  title: 'RabbitMQ: priorities, consumer_timeout and a missing DLX',
  summary: 'Urgent jobs overtake routine ones in a priority queue; a 3-minute report exceeds x-consumer-timeout and runs twice; a job rejected to a DLX that was never declared vanishes.',
  broker: 'rabbitmq',
  entities: [{ type: 'queue', name: 'jobs', arguments: { 'x-max-priority': 5, 'x-consumer-timeout': 60_000, 'x-dead-letter-exchange': 'jobs.dlx' } }],
  messages: [{ type: 'Job', kind: 'command', to: 'jobs', description: 'A job; header priority 0–5.' }],
  services: [
    { name: 'Scheduler', handlers: [{ name: 'Submit', code: { source: submit, file: 'Scheduler/Submit.ts' } }] },
    { name: 'Worker', handlers: [{ name: 'Run', consumes: 'jobs', code: { source: work, file: 'Worker/Run.ts' }, options: { prefetch: 1 } }] },
  ],
  workload: [
    { kind: 'steady', service: 'Scheduler', handler: 'Submit', count: 4, intervalTicks: 100, body: { id: 'routine-{n}', kind: 'routine', priority: 1 } },
    { kind: 'burst', service: 'Scheduler', handler: 'Submit', count: 2, startTick: 150, body: { id: 'urgent-{n}', kind: 'urgent', priority: 5 } },
    { kind: 'burst', service: 'Scheduler', handler: 'Submit', count: 1, startTick: 20_000, body: { id: 'monthly-report', kind: 'report', priority: 3 } },
    { kind: 'burst', service: 'Scheduler', handler: 'Submit', count: 1, startTick: 30_000, body: { id: 'broken', priority: 1 } },
  ],
  checks: [
    { name: 'no-loss' },
    // Success for the business: every well-formed job ran, once (the report's second run is what the sandbox shows).
    { name: 'db-predicate', options: { rules: [{ service: 'Worker', table: 'runs', keys: ['routine-1', 'routine-2', 'routine-3', 'routine-4', 'urgent-1', 'urgent-2', 'monthly-report'], expect: { count: 7, every: { times: 1 } }, describe: 'every well-formed job runs exactly once' }] } },
  ],
  seeds: [1, 2],
});
