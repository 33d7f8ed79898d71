// Starting points for handler code: the shapes a messaging handler usually takes, written
// against the handler API (`require('brokerlab')` in the realm). The scenario editor offers
// them for a new handler and the AsyncAPI import uses them for the operations it reads, so a
// new handler runs at once and says in a comment what to change.

export const HANDLER_TEMPLATES = ['consume-and-ack', 'consume-and-publish', 'publish', 'outbox', 'inbox', 'saga-step', 'call-external'] as const;
export type HandlerTemplate = (typeof HANDLER_TEMPLATES)[number];

export const TEMPLATE_TITLES: Record<HandlerTemplate, string> = {
  'consume-and-ack': 'Consume and ack',
  'consume-and-publish': 'Consume and publish',
  publish: 'Entry point that publishes',
  outbox: 'Outbox (store and publish in one transaction)',
  inbox: 'Inbox (skip duplicates)',
  'saga-step': 'Saga step',
  'call-external': 'Call an external system',
};

export interface TemplateInput {
  handler: string;
  /** Message type the handler publishes or sends (consume-and-publish, publish, outbox, saga step). */
  publishes?: string;
  /** External system the handler calls (call-external). */
  external?: string;
  /** The published type is a command: sent (`ctx.send`, `tx.outbox.send`), not published. */
  command?: boolean;
  /** One line on what the handler is for (an AsyncAPI operation's summary). */
  note?: string;
}

const quote = (s: string) => JSON.stringify(s);
const comment = (note: string | undefined, fallback: string) => `// ${(note ?? fallback).replace(/\s+/g, ' ').trim().slice(0, 200)}`;

/** The source text of a handler made from a template. */
export function handlerSource(template: HandlerTemplate, input: TemplateInput): string {
  const name = quote(input.handler);
  const type = quote(input.publishes ?? 'SomethingHappened');
  const verb = input.command ? 'send' : 'publish';
  const head = `import { defineHandler } from 'brokerlab';\n\n`;
  switch (template) {
    case 'consume-and-ack':
      return `${head}${comment(input.note, 'Takes each message, does its work and records it; returning acks it, a throw hands it back to the broker.')}
export default defineHandler(${name}, async (msg, ctx) => {
  await ctx.work(10);
  await ctx.db.put('received', msg.id, msg.body);
});
`;
    case 'consume-and-publish':
      return `${head}${comment(input.note, 'Takes each message and publishes what follows from it (not atomic with the database: see the outbox template).')}
export default defineHandler(${name}, async (msg, ctx) => {
  await ctx.work(10);
  await ctx.db.put('handled', msg.id, msg.body);
  ctx.${verb}(${type}, msg.body);
});
`;
    case 'publish':
      return `${head}${comment(input.note, 'Entry point: the workload calls it with a request body, and it publishes one message.')}
export default defineHandler(${name}, async (request, ctx) => {
  ctx.${verb}(${type}, request.body);
});
`;
    case 'outbox':
      return `${head}${comment(input.note, 'Transactional outbox: the row and the message commit together; the relay publishes after the commit.')}
export default defineHandler(${name}, async (msg, ctx) => {
  await ctx.db.transaction(async (tx) => {
    tx.put('records', msg.id, msg.body);
    tx.outbox.${verb}(${type}, msg.body);
  });
});
`;
    case 'inbox':
      return `${head}${comment(input.note, 'Idempotent consumer: the inbox remembers what was processed, in the same transaction as the work.')}
export default defineHandler(${name}, async (msg, ctx) => {
  if (ctx.inbox.seen()) return; // a redelivery: already done
  await ctx.db.transaction(async (tx) => {
    tx.put('processed', msg.id, msg.body);
    tx.inbox.record();
  });
});
`;
    case 'saga-step':
      return `${head}${comment(input.note, 'One step of a saga: do the local work, record the step and announce it, all in one transaction.')}
export default defineHandler(${name}, async (msg, ctx) => {
  if (ctx.inbox.seen()) return;
  const id = String(msg.body.id ?? msg.id);
  await ctx.db.transaction(async (tx) => {
    tx.put('steps', id, { done: true });
    tx.inbox.record();
    tx.saga.stepCompleted('Saga', id, ${name});
    tx.outbox.${verb}(${type}, msg.body);
  });
});
`;
    case 'call-external':
      return `${head}${comment(input.note, 'Calls an external system: a side effect the outside world sees, not undone by a rollback. The idempotency key makes a retry safe where the system honours it.')}
export default defineHandler(${name}, async (msg, ctx) => {
  const receipt = await ctx.call(${quote(input.external ?? 'External')}, 'perform', msg.body, { idempotencyKey: msg.id });
  await ctx.db.put('receipts', msg.id, receipt);
});
`;
  }
}
