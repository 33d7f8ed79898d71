// Request–reply over messaging on Service Bus (Microsoft Learn, "Service Bus messages, payloads,
// and serialization" — message routing and correlation): Shop asks Pricing for quotes through a
// queue and reads the answers from a reply queue of its own. The request names where to answer
// (ReplyTo); Pricing, like any replier following the convention, copies the request's MessageId
// into the reply's CorrelationId and sends the reply there. Pricing works on four requests at
// once at varying speeds, so replies come back in another order than the requests left — and
// Shop may restart while quotes are pending. The learner's Shop must store each reply under the
// request it answers.

import { defineLessonScenario } from '../../../src/content/types';

// Pricing belongs to another team: a replier that follows the Service Bus request–reply convention.
const pricing = (reply: string) => `import { defineHandler } from 'brokerlab';

const LIST_CENTS = { 'sku-chair': 4900, 'sku-desk': 18900, 'sku-lamp': 2900 };

// Prices one quote request and answers it where the request asked (ReplyTo), with the request's
// MessageId as the reply's CorrelationId. Pricing a quote takes 20–200 ms, four at once, and
// a quote for 7 or more needs a credit check first: 600 ms more.
export default defineHandler('Quote', async (msg, ctx) => {
  const { sku, qty, customerId } = msg.body;
  await ctx.work(20 + Math.floor(ctx.random() * 181) + (qty >= 7 ? 600 : 0));
  const replyTo = msg.headers.ReplyTo;
  if (!replyTo) {
    ctx.deadLetter('NoReplyTo', 'a request without ReplyTo cannot be answered');
    return;
  }
  const discountPercent = ctx.db.get('customers', customerId)?.discountPercent ?? 0;
  const totalCents = Math.round(qty * LIST_CENTS[sku] * (100 - discountPercent) / 100);
  ${reply}
});
`;
const quote = pricing("ctx.send('QuoteReady', { totalCents, validForMinutes: 15 }, { to: replyTo, headers: { CorrelationId: msg.headers.MessageId ?? msg.id } });");

export const QUOTES = 10;

const scenario = defineLessonScenario({
  id: 'lesson-servicebus-request-reply',
  title: 'Service Bus request–reply: ReplyTo and CorrelationId',
  summary: 'Shop asks Pricing for quotes through a queue; the replies come back out of order and must each find their request.',
  broker: 'servicebus',
  entities: [
    { type: 'queue', name: 'quote-requests', lockDurationTicks: 30_000 },
    { type: 'queue', name: 'quote-replies', lockDurationTicks: 30_000 },
  ],
  messages: [
    { type: 'GetQuote', kind: 'command', to: 'quote-requests', description: 'Shop asks Pricing to price a quantity of one product for a customer.' },
    { type: 'QuoteReady', kind: 'command', to: 'quote-replies', description: "Pricing's answer: the total for the request it answers (named by CorrelationId)." },
  ],
  services: [
    {
      name: 'Shop',
      handlers: [
        { name: 'RequestQuote', code: { file: 'Shop/RequestQuote.ts' } },
        { name: 'StoreQuote', consumes: 'quote-replies', code: { file: 'Shop/StoreQuote.ts' } },
      ],
    },
    {
      name: 'Pricing',
      handlers: [{ name: 'Quote', consumes: 'quote-requests', concurrency: 4, code: { source: quote, file: 'Pricing/Quote.ts' } }],
      db: { customers: { 'cust-0': { discountPercent: 10 }, 'cust-1': { discountPercent: 0 }, 'cust-2': { discountPercent: 25 } } },
    },
  ],
  workload: [{
    kind: 'steady', service: 'Shop', handler: 'RequestQuote', count: QUOTES, intervalTicks: 15,
    body: { requestId: 'quote-{n}', customerId: 'cust-{n%3}', sku: 'sku-desk', qty: '{rand:1-9}' },
  }],
  checks: [
    { name: 'replies-matched', options: { requests: 'GetQuote', replies: 'QuoteReady', keyField: 'requestId', service: 'Shop', table: 'quotes', describe: "a customer must see the price of what they asked for, not of someone else's quote" } },
    // The shop page answers at once ("we'll e-mail your quote"), and Pricing prices a request within 2 s of it.
    { name: 'requests-served', options: { service: 'Shop', handler: 'RequestQuote', p95MaxTicks: 100 } },
    { name: 'latency-budget', options: { consumers: ['Pricing/Quote'], p99MaxTicks: 2_000, describe: 'a quote is priced within 2 s of the request' } },
    { name: 'db-predicate', options: { rules: [{ service: 'Shop', table: 'quotes', keys: { requested: 'requestId' }, expect: { every: { status: 'quoted', totalCents: { gt: 0 } } }, describe: `every one of the ${QUOTES} quotes Shop asked for is answered` }] } },
  ],
  limits: { ticksMax: 120_000 },
});

export default scenario;

/**
 * Pricing's next version does not continue the caller's trace: its reply starts a flow of its
 * own (a correlation id of its own). The convention it keeps is the one it promised: the
 * request's MessageId comes back as the reply's CorrelationId. Code that found its quote by the
 * flow's correlation id (the trace) matched by an accident of instrumentation.
 */
export const pricingOwnTrace = defineLessonScenario({
  ...scenario,
  services: scenario.services.map((s) => (s.name === 'Pricing'
    ? { ...s, handlers: s.handlers.map((h) => ({ ...h, code: { ...h.code, source: pricing("ctx.send('QuoteReady', { totalCents, validForMinutes: 15 }, { to: replyTo, correlationId: 'pricing-' + msg.id, headers: { CorrelationId: msg.headers.MessageId ?? msg.id } });") } })) }
    : s)),
});
