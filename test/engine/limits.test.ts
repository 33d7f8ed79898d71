// Run limits always fire, at the same event on every run, with a named reason: a zero-time loop
// inside one agenda item (a poison message requeued at once; a handler republishing its own
// message type without ctx.work) used to hang, since limits were checked only between items.
import { describe, expect, it } from 'vitest';
import { defineScenario, runScenario, Simulation, HOST_LIMITS_CEILING, LIMITS_CEILING, type Scenario } from '../../src/engine/index';
import { rabbitMqRouting } from '../../src/scenarios/rabbitmq-routing';

const LIMIT = 3000;

/** One queue whose consumer runs `body`; one request at tick 5. */
function loop(body: string, limits: Scenario['limits'] = { zeroTimeEventsMax: LIMIT }): Scenario {
  return defineScenario({
    id: 'loop', title: 'loop', broker: 'generic',
    entities: [{ type: 'queue', name: 'jobs' }],
    messages: [{ type: 'Job', kind: 'event', to: 'jobs' }],
    services: [
      { name: 'Producer', handlers: [{ name: 'Submit', code: { builtin: 'forward', options: { type: 'Job' } } }] },
      { name: 'Worker', handlers: [{ name: 'Handle', consumes: 'jobs', code: { source: `import { defineHandler } from 'brokerlab';\nexport default defineHandler('Handle', async (msg, ctx) => {\n${body}\n});\n` } }] },
    ],
    workload: [{ kind: 'burst', service: 'Producer', handler: 'Submit', count: 1, startTick: 5, body: { n: 1 } }],
    limits,
  });
}

const ended = (r: ReturnType<typeof runScenario>) => r.trace.at(-1)!;

/** Runs twice: the limit fires at the same event, so the hash is the same. */
function twice(scenario: Scenario, options: Parameters<typeof runScenario>[1] = { seed: 1 }) {
  const r = runScenario(scenario, options);
  expect(runScenario(scenario, options).hash).toBe(r.hash);
  return r;
}

describe('run limits', () => {
  it('a handler that republishes its own message type forever, in zero time, ends the run with zeroTimeEventsMax', () => {
    const r = runScenario(loop("ctx.publish('Job', msg.body);"), { seed: 1 });
    expect(r.endReason).toBe('zeroTimeEventsMax');
    const last = ended(r);
    expect(last.kind).toBe('run.ended');
    expect(last.text).toMatch(/3000 trace events at tick 5 without virtual time moving — a loop in zero time/);
    // Every event of the zero-time stretch counts: the limit fires at the same event on every run.
    expect(r.trace.filter((e) => e.tick === 5).length).toBe(LIMIT + 1);
    expect(runScenario(loop("ctx.publish('Job', msg.body);"), { seed: 1 }).hash).toBe(r.hash);
  });

  it('a handler that swallows the limit in a try/catch does not outlive it', () => {
    const r = twice(loop("for (;;) { try { ctx.publish('Job', msg.body); } catch (e) { ctx.log('caught ' + e); } }"));
    expect(r.endReason).toBe('zeroTimeEventsMax');
    expect(ended(r).text).toMatch(/without virtual time moving — a loop in zero time/);
  });

  it('the same loop with ctx.work lets time move, and ends by eventsMax, within the item that reaches it', () => {
    const r = twice(loop("await ctx.work(1); ctx.publish('Job', msg.body);", { eventsMax: 5000 }));
    expect(r.endReason).toBe('eventsMax');
    expect(r.trace.length).toBe(5001);
    expect(ended(r).text).toBe('stopped at the limit of 5000 trace events');
  });

  it('a burst inside one agenda item cannot pass eventsMax', () => {
    const s = loop("for (let i = 0; i < 100000; i++) ctx.publish('Job', { i });", { eventsMax: 2000 });
    const r = twice(s);
    expect(r.endReason).toBe('eventsMax');
    expect(r.trace.length).toBe(2001);
    expect(ended(r).text).toBe('stopped at the limit of 2000 trace events');
  });

  it('stepsMax bounds the scheduled actions of a run, events or not', () => {
    const r = twice(loop('await ctx.work(1);', { stepsMax: 3 }));
    expect(r.endReason).toBe('stepsMax');
    expect(ended(r).text).toMatch(/stopped after 3 scheduled actions/);
  });

  it('the playground’s poison preset on RabbitMQ (a poison message requeued at once, forever) ends the run', () => {
    const scenario = { ...rabbitMqRouting, limits: { zeroTimeEventsMax: LIMIT } };
    const faults = [{ type: 'handler-throws', service: 'Shipping', mode: 'poison', nth: 1 }];
    const sim = new Simulation(scenario, { seed: 1, faults });
    sim.runToEnd();
    expect(sim.world.endReason).toBe('zeroTimeEventsMax');
    const r = twice(scenario, { seed: 1, faults });
    expect(ended(r).text).toMatch(/a loop in zero time \(a message requeued and redelivered at once/);
  });

  it('ordinary runs are untouched by the limits', () => {
    const r = runScenario(rabbitMqRouting, { seed: 1 });
    expect(r.endReason).toBe('quiescent');
  });

  it('a host in Node may let a run go past what a scenario may ask, up to its own ceiling', () => {
    const s = loop("await ctx.work(1); ctx.publish('Job', msg.body);", { eventsMax: 2000 });
    const past = LIMITS_CEILING.eventsMax + 1;
    expect(() => new Simulation({ ...s, limits: { eventsMax: past } })).toThrow(/limits.eventsMax: must be a positive integer up to 2,000,000/);
    expect(new Simulation(s, { limits: { eventsMax: past } }).world.limits.eventsMax).toBe(past);
    expect(() => new Simulation(s, { limits: { eventsMax: HOST_LIMITS_CEILING.eventsMax + 1 } })).toThrow(/a host's limit must be a positive integer up to 50,000,000/);
    expect(() => new Simulation(s, { limits: { nonsense: 1 } as never })).toThrow(/unknown limit/);
    const r = twice(s, { seed: 1, limits: { eventsMax: 3000 } });
    expect(r.endReason).toBe('eventsMax');
    expect(r.trace.length).toBe(3001);
  });
});
