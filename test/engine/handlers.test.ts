// Handler code: compiled from TypeScript, async functions run as coroutines in virtual time,
// errors located by line and column, the sandbox deterministic and closed.
import { describe, expect, it } from 'vitest';
import { compileHandlerSource, CompileError, runScenario, ValidationError } from '../../src/engine/index';
import { oneQueueScenario } from './helpers';

const run = (src: string, opts = {}) => runScenario(oneQueueScenario(src, opts));
const logs = (r: ReturnType<typeof run>) => r.trace.filter((e) => e.kind === 'handler.logged').map((e) => (e.data as { text: string }).text);
const failures = (r: ReturnType<typeof run>) => r.trace.filter((e) => e.kind === 'handler.failed').map((e) => (e.data as { error: string }).error);

describe('compiling handler source', () => {
  it('strips types and turns async functions into generators', () => {
    const js = compileHandlerSource(`export default async (m: any, ctx: any): Promise<void> => { const x: number = await ctx.f(); }`);
    expect(js).toContain('function*');
    expect(js).toContain('(yield ctx.f())');
    expect(js).not.toContain('await');
    expect(js).not.toContain(': number');
  });

  it('reports syntax errors with line and column', () => {
    try {
      compileHandlerSource('export default async (m, ctx) => {\n  const = 1;\n}', 'Svc/H.ts');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CompileError);
      expect((e as CompileError).line).toBe(2);
      expect((e as CompileError).message).toMatch(/^Svc\/H\.ts:2:\d+: /);
    }
  });

  it('lets eval and Function create code only inside the realm, whose global has nothing of the host', () => {
    const r = run(`export default (msg, ctx) => {
      ctx.log(String(eval('1 + 1')));
      try { new Function('return globalThis.fetch')(); } catch (e) { ctx.log(e.message); }
      ctx.log(typeof new Function('return this')().require);
    };`);
    expect(logs(r)).toEqual(['2', 'fetch is not available in handlers: there is no network in the simulation; model remote calls as messages', 'undefined']);
    expect(() => compileHandlerSource('export default async () => { await import("x"); }')).toThrow(/dynamic import\(\) is not available/);
  });

  it('turns a scenario with broken code into a validation error pointing at the handler', () => {
    try {
      run('export default async (m, ctx) => { ctx.log( }');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as Error).message).toMatch(/^services\[1\]\.handlers\[0\]\.code: Worker1\/Handle\.ts:1:\d+: /);
    }
  });
});

describe('running handlers as coroutines', () => {
  it('awaits nested async helpers, methods and try/catch across awaits, spending virtual time', () => {
    const src = `
      const helper = async (ctx, n) => { await ctx.work(10); return n * 2; };
      async function twice(ctx, n) { return (await helper(ctx, n)) + (await helper(ctx, n)); }
      const obj = { async three(ctx) { await ctx.work(5); return 3; } };
      export default async (msg, ctx) => {
        const a = await twice(ctx, 2);
        const b = await obj.three(ctx);
        try { await (async () => { await ctx.work(1); throw new Error('inner'); })(); }
        catch (e) { ctx.log('caught ' + e.message + ' at ' + ctx.now()); }
        ctx.log('a=' + a + ' b=' + b + ' t=' + ctx.now());
      };`;
    const r = run(src);
    expect(logs(r)).toEqual(['caught inner at 26', 'a=8 b=3 t=26']);
  });

  it('runs transactions as part of the coroutine and rejects one that was never awaited', () => {
    const ok = run(`export default async (m, ctx) => { await ctx.db.transaction(async (tx) => { await ctx.work(7); tx.put('t', 'k', 1); }); ctx.log(String(ctx.db.get('t','k'))); }`);
    expect(logs(ok)).toEqual(['1']);
    const commit = ok.trace.find((e) => e.kind === 'db.committed' && e.actor === 'Worker1')!;
    expect(commit.tick).toBe(7);
    const forgot = run(`export default async (m, ctx) => { ctx.db.transaction(async (tx) => { tx.put('t', 'k', 1); }); }`, { queue: { maxDeliveryCount: 1 } });
    expect(failures(forgot)[0]).toMatch(/never awaited/);
  });

  it('rolls a transaction back when its body throws', () => {
    const r = run(`export default async (m, ctx) => { await ctx.db.transaction(async (tx) => { tx.put('t', 'k', 1); throw new Error('abort'); }); }`, { queue: { maxDeliveryCount: 1 } });
    expect(r.trace.some((e) => e.kind === 'db.committed' && e.actor === 'Worker1')).toBe(false);
    expect(r.finalDb.Worker1).toEqual({});
  });

  it('makes any thrown value a readable failure', () => {
    const cases: [string, RegExp][] = [
      [`throw 'a string'`, /^a string$/],
      [`throw null`, /^threw null$/],
      [`throw { code: 42 }`, /^threw \{"code":42\}$/],
      [`throw new TypeError('bad type')`, /^TypeError: bad type$/],
      [`null.x`, /^TypeError: /],
    ];
    for (const [stmt, expected] of cases) {
      const r = run(`export default async () => { ${stmt}; }`, { queue: { maxDeliveryCount: 1 } });
      expect(failures(r)[0]).toMatch(expected);
      expect(r.trace.some((e) => e.kind === 'message.dead-lettered')).toBe(true);
    }
  });

  it('refuses real Promises: they would run outside virtual time', () => {
    const r = run(`export default async () => { await new Promise((res) => res(1)); }`, { queue: { maxDeliveryCount: 1 } });
    expect(failures(r)[0]).toMatch(/awaited a Promise that is not a ctx operation/);
    const thenable = run(`export default async () => { await { then(resolve) { resolve(1); } }; }`, { queue: { maxDeliveryCount: 1 } });
    expect(failures(thenable)[0]).toMatch(/awaited a Promise that is not a ctx operation/);
  });
});

describe('the sandbox', () => {
  it('gives virtual, seeded Date, performance, Math.random and crypto', () => {
    const src = `export default async (m, ctx) => {
      await ctx.work(1234);
      ctx.log([Date.now(), new Date().toISOString(), performance.now(), Math.random() < 1, typeof crypto.randomUUID()].join('|'));
    };`;
    const a = run(src);
    expect(logs(a)[0]).toBe(`${1_767_225_600_000 + 1234}|2026-01-01T00:00:01.234Z|1234|true|string`);
    expect(run(src).hash).toBe(a.hash);
  });

  it('turns every reach for the page, storage, timers or the network into a clear failure', () => {
    for (const stmt of ['fetch("/x")', 'document.title', 'localStorage.getItem("a")', 'setTimeout(() => 1, 5)', 'window.alert(1)', 'globalThis.fetch', 'indexedDB.open("x")']) {
      const r = run(`export default async () => { ${stmt}; }`, { queue: { maxDeliveryCount: 1 } });
      expect(failures(r)[0], stmt).toMatch(/is not available in handlers: /);
    }
  });

  it('only lets handlers import brokerlab', () => {
    expect(() => run(`import fs from 'fs'; export default async () => fs.readFileSync('x')`)).toThrow(/only "brokerlab" can be imported/);
  });
});

describe('messages are immutable', () => {
  it('refuses a handler changing msg.body, so a redelivery carries what was sent', () => {
    const src = `export default async (msg, ctx) => {
      ctx.log('job ' + msg.body.job + ' delivery ' + msg.broker.deliveryCount);
      msg.body.job = 99;
    };`;
    const r = run(src, { queue: { maxDeliveryCount: 2 } });
    expect(logs(r)).toEqual(['job 1 delivery 1', 'job 1 delivery 2']);
    expect(failures(r)[0]).toMatch(/TypeError: 'job' is read-only/);
  });
});
