// Security and governance: least-privilege grants on the broker (send, listen, reveal) and
// personal data kept out of events with deterministic tokens.
import { describe, expect, it } from 'vitest';
import { defineScenario, runScenario, validateScenario, type Scenario } from '../../src/engine/index';

function scenario(producerCode: string, permissions?: Scenario['permissions'], consumerCode = `export default async (msg, ctx) => { const email = ctx.reveal(msg.body.email); await ctx.db.transaction(async (tx) => { tx.put('mail', msg.body.orderId, email); }); }`): Scenario {
  return defineScenario({
    id: 'gov', title: 'gov', broker: 'generic',
    entities: [{ type: 'queue', name: 'orders' }, { type: 'queue', name: 'audit' }],
    messages: [
      { type: 'OrderPlaced', kind: 'event', to: 'orders', schema: { '1': { orderId: { type: 'string' }, email: { type: 'string', personal: true } } } },
      { type: 'Audited', kind: 'event', to: 'audit' },
    ],
    services: [
      { name: 'Ordering', handlers: [{ name: 'Place', code: { source: producerCode } }] },
      { name: 'Mailer', handlers: [{ name: 'Mail', consumes: 'orders', code: { source: consumerCode } }] },
    ],
    workload: [{ kind: 'steady', service: 'Ordering', handler: 'Place', count: 2, intervalTicks: 10, body: { orderId: 'o-{n}', email: 'ada{n}@example.com' } }],
    checks: [{ name: 'access-granted' }, { name: 'no-personal-data' }, { name: 'no-loss' }],
    ...(permissions ? { permissions } : {}),
  });
}

const check = (r: ReturnType<typeof runScenario>, name: string) => r.checks.find((c) => c.name === name)!;
const revealed = (r: ReturnType<typeof runScenario>) => Object.values(r.finalDb.Mailer?.mail ?? {});

describe('least privilege', () => {
  it('allows everything without a permissions block', () => {
    const r = runScenario(scenario(`export default (req, ctx) => { ctx.publish('Audited', {}); }`));
    expect(check(r, 'access-granted').valid).toBe(true);
  });

  it('refuses a send without a grant: Unauthorized at the producer, traced', () => {
    const r = runScenario(scenario(`export default (req, ctx) => { ctx.publish('Audited', {}); }`, { Ordering: { send: ['orders'] }, Mailer: { listen: ['orders'] } }));
    const denied = r.trace.filter((e) => e.kind === 'access.denied');
    expect(denied).toHaveLength(2);
    expect(denied[0].text).toBe('Unauthorized: Ordering may not send to "audit" (granted: send orders)');
    expect((r.trace.find((e) => e.kind === 'handler.failed')!.data as { error: string }).error).toMatch(/^Unauthorized: Ordering may not send to "audit"/);
    expect(r.trace.some((e) => e.kind === 'message.published')).toBe(false);
    expect(check(r, 'access-granted').errors[0].anomaly).toBe('unauthorized');
  });

  it('never attaches a consumer without a listen grant: its messages wait', () => {
    const r = runScenario(scenario(`export default (req, ctx) => { ctx.publish('OrderPlaced', { orderId: req.body.orderId }); }`, { Ordering: { send: ['orders'] } }));
    expect(r.trace.filter((e) => e.kind === 'access.denied').map((e) => e.text)).toEqual(['Unauthorized: Mailer may not listen on "orders" (granted: nothing)']);
    expect(r.trace.some((e) => e.kind === 'message.delivered')).toBe(false);
    expect(check(r, 'no-loss').valid).toBe(false);
  });

  it('validates grants against entities and services', () => {
    const s = scenario('export default () => {}', { Nobody: { send: ['nowhere'] }, Mailer: { listen: 'orders' as never } });
    const issues = validateScenario(s).map((i) => `${i.path}: ${i.message}`);
    expect(issues).toContain('permissions.Nobody: no service named "Nobody"');
    expect(issues).toContain('permissions.Nobody.send[0]: no entity named "nowhere"');
    expect(issues).toContain('permissions.Mailer.listen: must be a list of entity names');
  });
});

describe('personal data', () => {
  it('finds personal fields and e-mail addresses in clear text, masked', () => {
    const r = runScenario(scenario(`export default (req, ctx) => { ctx.publish('OrderPlaced', { orderId: req.body.orderId, email: req.body.email, note: 'cc ' + req.body.email }); }`));
    const c = check(r, 'no-personal-data');
    expect(c.errors).toHaveLength(4);
    expect(c.errors[0].explanation).toBe('Ordering published OrderPlaced m-1 with personal field "email" in clear text (ad********): protect it (a token) or leave it out');
    expect(c.errors[1].explanation).toMatch(/an e-mail address in "note"/);
  });

  it('finds personal data in log lines too: an e-mail address, or the clear value of a personal field', () => {
    const code = (log: string) => `export default (req, ctx) => { ctx.publish('OrderPlaced', { orderId: req.body.orderId, email: ctx.protect(req.body.email) }); ctx.log(${log}); }`;
    const explain = (log: string) => check(runScenario(scenario(code(log))), 'no-personal-data').errors.map((e) => `${e.anomaly}: ${e.explanation}`);
    expect(explain('`placed ${req.body.orderId} for ${req.body.email}`')).toEqual([
      'personal-data-logged: Ordering.Place logged an e-mail address in clear text (ad********): log lines are shipped, kept and searched like events — log the id or the token instead',
      expect.stringMatching(/^personal-data-logged: /),
    ]);
    expect(explain('`customer ${req.body.email.split("@")[0]}`')).toEqual([]);
    expect(explain('`placed ${req.body.orderId} for ${ctx.protect(req.body.email)}`')).toEqual([]);
    const withName = (log: string) => ({ ...scenario(code(log)), workload: [{ kind: 'steady' as const, service: 'Ordering', handler: 'Place', count: 1, body: { orderId: 'o-{n}', email: 'Ada Lovelace' } }] });
    expect(check(runScenario(withName('`for ${req.body.email}`')), 'no-personal-data').errors.map((e) => e.explanation)).toEqual([expect.stringMatching(/^Ordering\.Place logged a personal value in clear text \(Ad\*+\)/)]);
  });

  it('finds the clear value of a personal field copied into a field with another name', () => {
    const withName = (note: string) => ({
      ...scenario(`export default (req, ctx) => { ctx.publish('OrderPlaced', { orderId: req.body.orderId, email: ctx.protect(req.body.email), note: ${note} }); }`),
      workload: [{ kind: 'steady' as const, service: 'Ordering', handler: 'Place', count: 1, body: { orderId: 'o-{n}', email: 'Ada Lovelace' } }],
    });
    expect(check(runScenario(withName('`for ${req.body.email}`')), 'no-personal-data').errors.map((e) => e.explanation)).toEqual([
      'Ordering published OrderPlaced m-1 with a personal value in "note" (Ad********), copied from a personal field: a field with another name carries it just as far — protect it or leave it out',
    ]);
    expect(check(runScenario(withName('`for ${ctx.protect(req.body.email)}`')), 'no-personal-data').valid).toBe(true);
  });

  it('ctx.protect gives deterministic tokens; ctx.reveal needs the grant', () => {
    const code = `export default (req, ctx) => { ctx.publish('OrderPlaced', { orderId: req.body.orderId, email: ctx.protect(req.body.email) }); }`;
    const open = runScenario(scenario(code));
    expect(check(open, 'no-personal-data').valid).toBe(true);
    expect(revealed(open)).toEqual(['ada1@example.com', 'ada2@example.com']);
    const token = (open.trace.find((e) => e.kind === 'message.published')!.data as unknown as { body: { email: string } }).body.email;
    expect(token).toMatch(/^tok_[0-9a-f]{16}$/);
    expect(runScenario(scenario(code), { seed: 9 }).trace.find((e) => e.kind === 'message.published')!.data).toMatchObject({ body: { email: token } });
    const locked = runScenario(scenario(code, { Ordering: { send: ['orders'] }, Mailer: { listen: ['orders'] } }));
    expect((locked.trace.find((e) => e.kind === 'handler.failed')!.data as { error: string }).error).toMatch(/^Unauthorized: Mailer may not reveal personal data/);
    const granted = runScenario(scenario(code, { Ordering: { send: ['orders'] }, Mailer: { listen: ['orders'], reveal: true } }));
    expect(revealed(granted)).toEqual(['ada1@example.com', 'ada2@example.com']);
  });
});
