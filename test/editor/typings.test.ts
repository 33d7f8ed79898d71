// The editor's typings come from the engine's handler API and type-check real handlers with
// the TypeScript compiler: a correct handler has no errors; a typo in the API, a wrong
// argument, or reaching for `document` is an error, as it is at run time.
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { buildHandlerTypings } from '../../src/ui/editor/typings';
import { handlerTypings } from '../../src/ui/editor/typings-source';
import { defaultScenario } from '../../src/scenarios/index';

const apiText = readFileSync(new URL('../../src/engine/handlers/api.ts', import.meta.url), 'utf8');

const libCache = new Map<string, ts.SourceFile | undefined>();

function diagnostics(handler: string): string[] {
  const files: Record<string, string> = { '/brokerlab.d.ts': buildHandlerTypings(apiText), '/handler.ts': handler };
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], strict: false, noEmit: true, types: [], module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => files[name] ?? read(name);
  host.fileExists = (name) => name in files || ts.sys.fileExists(name);
  host.getSourceFile = (name, version) => {
    if (name in files) return ts.createSourceFile(name, files[name]!, version);
    if (!libCache.has(name)) libCache.set(name, getSourceFile(name, version));
    return libCache.get(name);
  };
  const program = ts.createProgram(Object.keys(files), options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('handler typings for the editor', { timeout: 60_000 }, () => {
  it('are the ambient module "brokerlab" built from api.ts, and the vite ?raw import gives the same text', () => {
    expect(handlerTypings).toBe(buildHandlerTypings(apiText));
    expect(handlerTypings).toContain("declare module 'brokerlab'");
    expect(handlerTypings).toContain('export interface HandlerContext');
  });

  it('type-check a sample handler and every built-in scenario handler without errors', () => {
    const sample = `import { defineHandler } from 'brokerlab';
export default defineHandler('ReserveStock', async (msg, ctx) => {
  if (ctx.inbox.seen(msg.id)) return;
  await ctx.db.transaction(async (tx) => {
    const item = tx.get('stock', msg.body.sku) ?? { reserved: 0 };
    tx.put('stock', msg.body.sku, { ...item, reserved: item.reserved + msg.body.qty });
    tx.outbox.publish('StockReserved', { orderId: msg.body.orderId }, { key: msg.body.orderId });
    tx.inbox.record(msg.id);
  });
  await ctx.work(10);
  ctx.log('at ' + ctx.now() + ' ' + performance.now() + ' ' + crypto.randomUUID() + ' ' + msg.broker.DeliveryCount);
});`;
    expect(diagnostics(sample)).toEqual([]);
    for (const service of defaultScenario.services) {
      for (const handler of service.handlers) {
        if ('source' in handler.code) expect(diagnostics(handler.code.source), handler.name).toEqual([]);
      }
    }
  });

  it('report API typos, wrong arguments and host globals', () => {
    const errors = diagnostics(`import { defineHandler } from 'brokerlab';
export default defineHandler('X', async (msg, ctx) => {
  ctx.db.gett('t', 'k');
  ctx.work('ten');
  document.title;
  localStorage.getItem('a');
});`);
    expect(errors.join('\n')).toMatch(/Property 'gett' does not exist/);
    expect(errors.join('\n')).toMatch(/'string' is not assignable to parameter of type 'number'/);
    expect(errors.join('\n')).toMatch(/Cannot find name 'document'/);
    expect(errors.join('\n')).toMatch(/Cannot find name 'localStorage'/);
  });
});
