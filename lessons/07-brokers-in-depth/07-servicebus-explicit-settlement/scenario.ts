// Service Bus explicit settlement (ref §1.3, §1.4; Azure.Messaging.ServiceBus
// ServiceBusProcessorOptions.AutoCompleteMessages). Dispatch prints shipping labels from the
// queue `label-jobs`; its processor runs with AutoCompleteMessages = false, so the handler
// settles every message itself: Complete when the label is printed and recorded, Abandon when
// the carrier did not answer (delivered again at once, DeliveryCount + 1), DeadLetter with a
// reason when the job can never be printed (no postcode). A settle call reaches the broker at
// the call: completing before the work is done loses the job if Dispatch dies meanwhile; not
// settling at all lets the 30 s lock run out, and the job is delivered — and printed — again.

import { defineLessonScenario } from '../../../src/content/types';

const request = `import { defineHandler } from 'brokerlab';

export default defineHandler('RequestLabel', async (request, ctx) => {
  ctx.send('PrintLabel', request.body);
});
`;

/** The address each job ships to; job `poison`'s has no postcode (another customer on another day). */
const NO_POSTCODE: Record<number, { street: string; city: string }> = {
  3: { street: 'Hafenstraße 12', city: 'Bremen' },
  5: { street: 'Am Kanal 4', city: 'Potsdam' },
};
const address = (n: number, poison: number) => (n === poison ? NO_POSTCODE[poison]! : { street: `Lindenweg ${n}`, city: 'Leipzig', postcode: `041${n}0` });

export const JOBS = 6;
/** The lock a job's delivery holds (LockDuration); a job whose lock runs out waits this long. */
export const LOCK_TICKS = 30_000;

/** The lesson's world: job `poison` has no postcode; `latencyBudgetTicks` for the time from request to completed job. */
function dispatch(poison: number, latencyBudgetTicks: number) {
  const printed = Array.from({ length: JOBS }, (_, i) => i + 1).filter((n) => n !== poison);
  return defineLessonScenario({
    id: 'lesson-servicebus-explicit-settlement',
    title: 'Service Bus explicit settlement: complete, abandon, dead-letter',
    summary: 'Dispatch prints shipping labels with AutoCompleteMessages off: every job must be settled by hand, at the right moment.',
    broker: 'servicebus',
    entities: [{ type: 'queue', name: 'label-jobs', lockDurationTicks: LOCK_TICKS, maxDeliveryCount: 10 }],
    messages: [{ type: 'PrintLabel', kind: 'command', to: 'label-jobs', description: 'Print the shipping label of a parcel (Dispatch owns it).' }],
    services: [
      { name: 'Shop', handlers: [{ name: 'RequestLabel', code: { source: request, file: 'Shop/RequestLabel.ts' } }] },
      { name: 'Dispatch', handlers: [{ name: 'Print', consumes: 'label-jobs', code: { file: 'Dispatch/Print.ts' }, options: { autoCompleteMessages: false } }] },
    ],
    externals: [
      // Books the parcel and answers a repeated booking of the same job (same Idempotency-Key) with the first answer.
      { name: 'Carrier', description: 'Books a parcel and gives it a tracking number; honours Idempotency-Keys.', keyField: 'jobId', honoursIdempotencyKey: true, latencyTicks: 150 },
      // A thermal printer prints what it is sent: a job printed twice is two labels on the parcel table.
      { name: 'LabelPrinter', description: 'The warehouse label printer: prints every label it is sent.', keyField: 'jobId', latencyTicks: 10 },
    ],
    workload: Array.from({ length: JOBS }, (_, i) => i + 1).map((n) => ({
      kind: 'burst' as const, service: 'Shop', handler: 'RequestLabel', count: 1, startTick: n * 500,
      body: { jobId: `job-${n}`, parcelId: `parcel-${n}`, address: address(n, poison) },
    })),
    checks: [
      // The carrier too: an abandoned booking comes back, and only its Idempotency-Key keeps the parcel booked once.
      { name: 'no-duplicate-effect', options: { externals: ['LabelPrinter', 'Carrier'] } },
      // Booked and printed at all: a job recorded (or completed) without its booking or its label is a parcel nobody can ship.
      {
        name: 'no-loss',
        options: {
          effects: [
            { type: 'PrintLabel', external: 'Carrier', field: 'jobId', describe: 'every job with a postcode was booked with the carrier' },
            { type: 'PrintLabel', external: 'LabelPrinter', field: 'jobId', receiptOf: { field: 'tracking', external: 'Carrier' }, describe: "every job with a postcode reached the label printer, with the carrier's tracking number" },
          ],
        },
      },
      {
        name: 'dlq-accounted',
        options: {
          expected: [{ messageType: 'PrintLabel', where: { jobId: `job-${poison}` } }],
          poison: [{ messageType: 'PrintLabel', where: { jobId: `job-${poison}` }, reason: 'AddressIncomplete', retriesMax: 0 }],
        },
      },
      {
        name: 'db-predicate',
        options: { rules: [{ service: 'Dispatch', table: 'labels', expect: { count: JOBS - 1, every: { tracking: { exists: true } } }, describe: `the ${JOBS - 1} jobs with a postcode each have their label recorded (${printed.map((n) => `job-${n}`).join(', ')}), job-${poison} never` }] },
      },
      // A job is finished when Service Bus has it completed, not when the handler returns.
      { name: 'latency-budget', options: { consumers: ['Dispatch/Print'], endsAt: 'acked', p99MaxTicks: latencyBudgetTicks, describe: 'a job is printed and completed within 10 s of the request (a lock left to run out costs 30 s)' } },
    ],
    limits: { ticksMax: 600_000 },
  });
}

export default dispatch(3, 10_000);

/** Another day, another customer forgets the postcode: the code must recognise the missing postcode, not a job id. */
export const anotherDay = dispatch(5, 10_000);

/** Dispatch dies while it waits for the carrier: the job it held comes back when its 30 s lock runs out. */
export const dispatchRestarts = dispatch(3, LOCK_TICKS + 10_000);
