// RabbitMQ dead-letter exchanges and x-death. Billing issues invoices from the quorum queue
// `invoices`, whose dead-letter exchange `invoices.dlx` routes to `invoices.parked`, read by
// Operations. A handler that throws is answered with basic.nack(requeue=true): the message comes
// straight back (ref §2.3). An invoice that can never be issued (its customer has no VAT
// number) would loop; since RabbitMQ 4.0 a quorum queue stops it after delivery-limit 20
// returns and dead-letters it with reason `delivery_limit` (ref §2.6) — after 21 deliveries.
// Rejecting it with requeue=false dead-letters it at once, reason `rejected` (ref §2.5); a
// failure that may pass on the next try must still be requeued.

import { defineLessonScenario } from '../../../src/content/types';

// Operations reads what the dead-letter exchange routed here, and why (x-death, newest first).
const park = `import { defineHandler } from 'brokerlab';

export default defineHandler('Park', async (msg, ctx) => {
  const death = msg.broker['x-death'][0];
  await ctx.db.put('parked', msg.body.invoiceId, { queue: death.queue, reason: death.reason, count: death.count });
});
`;

const request = `import { defineHandler } from 'brokerlab';

export default defineHandler('RequestInvoice', async (request, ctx) => {
  ctx.send('IssueInvoice', request.body);
});
`;

// The customer without a VAT number is another one on another day (another name, another
// invoice): code must recognise the missing VAT number, not an id or a name it has seen.
const NO_VAT_NAMES: Record<number, string> = { 3: 'Nordwind GmbH', 5: 'Havelstrand Bau KG' };
const customer = (n: number, poison: number): Record<string, string> => (n === poison ? { name: NO_VAT_NAMES[poison] ?? `customer-${n}` } : { name: `customer-${n}`, vatNumber: `DE${100 + n}` });

/** The lesson's world, with invoice `poison` the one whose customer has no VAT number. */
function invoicing(poison: number) {
  const issued = [1, 2, 3, 4, 5, 6].filter((n) => n !== poison);
  return defineLessonScenario({
    id: 'lesson-rabbitmq-dead-letter-exchanges',
    title: 'RabbitMQ: dead-letter exchanges and x-death',
    summary: 'Billing issues invoices from a quorum queue with a dead-letter exchange; one invoice can never be issued.',
    broker: 'rabbitmq',
    entities: [
      { type: 'exchange', name: 'invoices.dlx', exchangeType: 'fanout' },
      { type: 'queue', name: 'invoices', arguments: { 'x-queue-type': 'quorum', 'x-dead-letter-exchange': 'invoices.dlx' } },
      { type: 'queue', name: 'invoices.parked', bindings: [{ exchange: 'invoices.dlx' }] },
    ],
    messages: [{ type: 'IssueInvoice', kind: 'command', to: 'invoices', description: 'Issue the invoice of an order (Billing owns it).' }],
    services: [
      { name: 'Shop', handlers: [{ name: 'RequestInvoice', code: { source: request, file: 'Shop/RequestInvoice.ts' } }] },
      { name: 'Billing', handlers: [{ name: 'Issue', consumes: 'invoices', code: { file: 'Billing/Issue.ts' }, options: { prefetch: 1 } }] },
      { name: 'Operations', handlers: [{ name: 'Park', consumes: 'invoices.parked', code: { source: park, file: 'Operations/Park.ts' } }] },
    ],
    // Billing renders each invoice's PDF here; a render whose answer is lost times out (2 s) and may simply be tried again.
    externals: [{ name: 'PdfRenderer', description: 'Renders an invoice as a PDF.', keyField: 'invoiceId' }],
    workload: [
      ...[1, 2, 3, 4, 5, 6].map((n) => ({ kind: 'burst' as const, service: 'Shop', handler: 'RequestInvoice', count: 1, startTick: n * 100, body: { invoiceId: `inv-${n}`, amount: 10 * n, customer: customer(n, poison) } })),
    ],
    checks: [
      // Issued means rendered: an invoice stored while its render failed (or without one) is an invoice nobody can send.
      { name: 'no-loss', options: { effects: [{ type: 'IssueInvoice', external: 'PdfRenderer', field: 'invoiceId', describe: 'every invoice with a VAT number was rendered as a PDF' }] } },
      { name: 'dlq-accounted', options: { expected: [{ messageType: 'IssueInvoice', where: { invoiceId: `inv-${poison}` } }], poison: [{ messageType: 'IssueInvoice', where: { invoiceId: `inv-${poison}` }, reason: 'rejected', retriesMax: 0 }] } },
      {
        name: 'db-predicate',
        options: {
          rules: [
            { service: 'Billing', table: 'invoices', expect: { count: 5, sum: { field: 'amount', equals: issued.reduce((a, n) => a + 10 * n, 0) } }, describe: `the 5 invoices with a VAT number are issued, inv-${poison} never` },
            { service: 'Operations', table: 'parked', expect: { count: 1, every: { reason: 'rejected', count: 1, queue: 'invoices' } }, describe: `Operations finds only inv-${poison} parked, x-death saying it was rejected once from invoices` },
          ],
        },
      },
    ],
    limits: { ticksMax: 120_000 },
  });
}

export default invoicing(3);

/** Another day, another customer without a VAT number: the code must recognise the poison, not its id. */
export const anotherDay = invoicing(5);
