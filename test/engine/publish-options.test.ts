// Options handler code passes are checked by type before the engine uses them: a wrong type
// fails the handler with the option's name and the type expected, and nothing is published.
// `{ delayTicks: '11' }` at tick 3 used to schedule the message at tick 311.
import { describe, expect, it } from 'vitest';
import { defineScenario, runScenario, type RunResult, type Scenario } from '../../src/engine/index';

function scenario(body: string): Scenario {
  return defineScenario({
    id: 'options', title: 'options', broker: 'generic',
    entities: [{ type: 'queue', name: 'jobs' }, { type: 'queue', name: 'done' }],
    messages: [{ type: 'JobSubmitted', kind: 'event', to: 'jobs' }, { type: 'JobDone', kind: 'command', to: 'done' }],
    services: [
      { name: 'Producer', handlers: [{ name: 'Submit', code: { builtin: 'forward', options: { type: 'JobSubmitted' } } }] },
      { name: 'Worker', handlers: [{ name: 'Handle', consumes: 'jobs', code: { source: `import { defineHandler } from 'brokerlab';\nexport default defineHandler('Handle', async (msg, ctx) => {\n${body}\n});\n` } }] },
      { name: 'Pricing', handlers: [{ name: 'Price', code: { source: `import { defineHandler } from 'brokerlab';\nexport default defineHandler('Price', async () => ({ price: 1 }));\n` } }] },
    ],
    workload: [{ kind: 'burst', service: 'Producer', handler: 'Submit', count: 1, startTick: 3, body: { job: 1 } }],
  });
}

const failures = (r: RunResult) => r.trace.flatMap((e) => (e.kind === 'handler.failed' ? [e.data.error] : []));
const published = (r: RunResult, type: string) => r.trace.filter((e) => e.kind === 'message.published' && e.data.type === type);

describe('handler options are checked by type at run time', () => {
  it.each([
    ["ctx.send('JobDone', {}, { delayTicks: '11' })", /send\("JobDone"\): option delayTicks must be a whole number of ticks between 0 and \d+, got "11"/],
    ["ctx.send('JobDone', {}, { delayTicks: -1 })", /option delayTicks must be a whole number of ticks/],
    ["ctx.send('JobDone', {}, { delayTicks: 1.5 })", /option delayTicks must be a whole number of ticks .*got 1\.5/],
    ["ctx.send('JobDone', {}, { delayTicks: NaN })", /option delayTicks .* got NaN/],
    ["ctx.send('JobDone', {}, { delay: 10 })", /unknown option "delay" \(known: to, key, routingKey, headers, delayTicks/],
    ["ctx.send('JobDone', {}, { key: 7 })", /option key must be a string, got 7/],
    ["ctx.send('JobDone', {}, { to: ['done'] })", /option to must be a non-empty string, got a list/],
    ["ctx.send('JobDone', {}, { headers: { at: () => 1 } })", /option headers must be an object of plain JSON values/],
    ["ctx.send('JobDone', {}, { version: '2' })", /option version must be a positive integer/],
    ["ctx.send('JobDone', {}, { idempotencyKey: {} })", /option idempotencyKey must be a non-empty string, got an object/],
    ["ctx.send('JobDone', {}, 'fast')", /the options must be an object, got "fast"/],
    ["ctx.send('JobDone', {}, { get delayTicks() { return 5; } })", /option delayTicks must be a plain value, not a getter/],
    ["await ctx.db.transaction(async (tx) => { tx.outbox.send('JobDone', {}, { delayTicks: '11' }); })", /send\("JobDone"\): option delayTicks must be a whole number/],
    ["await ctx.call('Pricing', 'Price', {}, { timeoutTicks: '500' })", /ctx\.call\("Pricing", "Price"\): option timeoutTicks must be a whole number of ticks between 1/],
    ["await ctx.call('Pricing', 'Price', {}, { timeout: 500 })", /unknown option "timeout" \(known: timeoutTicks, idempotencyKey\)/],
    ["await ctx.work('40')", /ctx\.work\(ms\) needs a number of milliseconds .* got "40"/],
    ['await ctx.work(Infinity)', /ctx\.work\(ms\) needs a number of milliseconds .* got Infinity/],
    ["ctx.deadLetter({ reason: 'x' })", /ctx\.deadLetter\(reason\) must be a string, got an object/],
  ])('%s fails the handler clearly', (code, message) => {
    const r = runScenario(scenario(code), { seed: 1 });
    const errors = failures(r);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/^OptionError: /);
    expect(errors[0]).toMatch(message);
    expect(published(r, 'JobDone')).toHaveLength(0);
  });

  it('valid options still work: delayTicks 11 at tick 3 arrives at tick 14', () => {
    const r = runScenario(scenario("ctx.send('JobDone', {}, { delayTicks: 11, key: 'k', headers: { a: 1 } })"), { seed: 1 });
    expect(failures(r)).toEqual([]);
    const enqueued = r.trace.find((e) => e.kind === 'message.enqueued' && e.data.entity === 'done');
    expect(enqueued?.tick).toBe(14);
  });

  it('the outbox honours a valid delay', () => {
    const r = runScenario(scenario("await ctx.db.transaction(async (tx) => { tx.outbox.send('JobDone', {}, { delayTicks: 11 }); })"), { seed: 1 });
    expect(failures(r)).toEqual([]);
    expect(published(r, 'JobDone')).toHaveLength(1);
  });
});
