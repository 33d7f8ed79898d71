// Turns handler source text (TypeScript, an ES module) into a runnable handler. Types are
// stripped by sucrase, which keeps line numbers; imports become `require` calls that only know
// 'brokerlab'. Then the async functions are rewritten as generator functions (`await x` →
// `(yield x)`) with acorn, so the coroutine driver inside the handler realm (prelude.ts) can
// run them in virtual time and suspend the whole stack at `ctx.work` and `ctx.call`. The
// result is evaluated in the service's realm (realm.ts): isolation, work, memory and stack
// limits are the realm's, so nothing here has to guard against hostile code.

import { transform } from 'sucrase';
import { parse, type Node } from 'acorn';

export class CompileError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
    readonly file: string,
  ) {
    super(`${file}:${line}:${column}: ${message}`);
    this.name = 'CompileError';
  }
}

interface Edit {
  start: number;
  end: number;
  text: string;
  /** Tie-break for edits at the same position: lower runs first. */
  order: number;
}

type AnyNode = Node & Record<string, unknown>;

/** The compiled module (CommonJS text whose async functions are generators). */
export interface CompiledHandler {
  js: string;
}

/** TypeScript module source → CommonJS JavaScript whose async functions are generators. */
export function compileHandlerSource(source: string, file = 'handler.ts'): string {
  return compileHandler(source, file).js;
}

export function compileHandler(source: string, file = 'handler.ts'): CompiledHandler {
  let js: string;
  try {
    js = transform(source, { transforms: ['typescript', 'imports'], filePath: file, preserveDynamicImport: true }).code;
  } catch (error) {
    throw toCompileError(error, file, source);
  }
  let ast: AnyNode;
  try {
    ast = parse(js, { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: false }) as unknown as AnyNode;
  } catch (error) {
    throw toCompileError(error, file, js);
  }
  const edits: Edit[] = [];
  collectEdits(ast, js, edits, 0, file);
  return { js: applyEdits(js, edits) };
}

function collectEdits(node: AnyNode, js: string, edits: Edit[], depth: number, file: string): void {
  switch (node.type) {
    case 'ImportExpression':
      throw located('dynamic import() is not available in handlers: only "brokerlab" can be imported', node.start, js, file);
    case 'AwaitExpression':
      edits.push({ start: node.start, end: node.start + 5, text: '(yield', order: depth });
      edits.push({ start: node.end, end: node.end, text: ')', order: closing(depth) });
      break;
    case 'ForOfStatement':
      if (node.await) throw located('`for await` is not supported in handlers', node.start, js, file);
      break;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
      if (node.async && node.generator) throw located('async generator functions are not supported in handlers', node.start, js, file);
      if (node.async && js.startsWith('async', node.start)) {
        const fnAt = js.indexOf('function', node.start);
        edits.push({ start: node.start, end: fnAt + 8, text: 'function*', order: depth });
      }
      break;
    case 'Property':
    case 'MethodDefinition': {
      const value = node.value as AnyNode;
      if ((node.method || node.type === 'MethodDefinition') && value.async) {
        const asyncAt = js.indexOf('async', node.start);
        edits.push({ start: asyncAt, end: asyncAt + 5, text: '*', order: depth });
      }
      break;
    }
    case 'ArrowFunctionExpression':
      if (node.async) asyncArrowEdits(node, js, edits, depth);
      break;
  }
  for (const key of Object.keys(node)) {
    const child = node[key];
    if (Array.isArray(child)) {
      for (const c of child) if (isNode(c)) collectEdits(c, js, edits, depth + 1, file);
    } else if (isNode(child)) collectEdits(child, js, edits, depth + 1, file);
  }
}

/**
 * Async arrow functions become bound generator functions, keeping the parameter text in place
 * (so edits inside default values survive): `async (a) => x` → `(function* (a) {return (x);}).bind(this)`.
 */
function asyncArrowEdits(node: AnyNode, js: string, edits: Edit[], depth: number): void {
  const body = node.body as AnyNode;
  const params = node.params as AnyNode[];
  const paramsFrom = node.start + 5;
  const searchFrom = params.length > 0 ? params[params.length - 1].end : paramsFrom;
  const arrowAt = js.indexOf('=>', searchFrom);
  edits.push({ start: node.start, end: node.start + 5, text: '(function*', order: depth });
  const bare = params.length === 1 && js.slice(paramsFrom, params[0].start).trim() === '';
  if (bare) {
    edits.push({ start: params[0].start, end: params[0].start, text: '(', order: opening(depth) });
    edits.push({ start: params[0].end, end: params[0].end, text: ')', order: closing(depth + 1) });
  }
  edits.push({ start: arrowAt, end: arrowAt + 2, text: '', order: depth });
  if (body.type !== 'BlockStatement') {
    edits.push({ start: arrowAt + 2, end: arrowAt + 2, text: '{return (', order: opening(depth) });
    edits.push({ start: node.end, end: node.end, text: ');}', order: closing(depth) });
  }
  edits.push({ start: node.end, end: node.end, text: ').bind(this)', order: closing(depth) + 1 });
}

/**
 * Order of edits at one position. Insertions that open something come first, outer before
 * inner, and before any replacement starting there; insertions that close something come
 * last, inner before outer (a deeper node's closings all sort before a shallower one's).
 */
function opening(depth: number): number {
  return -1e7 + depth;
}

function closing(depth: number): number {
  return 1e7 - 4 * depth;
}

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';
}

function applyEdits(js: string, edits: Edit[]): string {
  edits.sort((a, b) => a.start - b.start || a.order - b.order);
  let out = '';
  let at = 0;
  for (const edit of edits) {
    if (edit.start < at) continue; // nested inside a replaced range (parameter lists): keep the outer edit
    out += js.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + js.slice(at);
}

function located(message: string, offset: number, text: string, file: string): CompileError {
  const before = text.slice(0, offset).split('\n');
  return new CompileError(message, before.length, before[before.length - 1].length + 1, file);
}

function toCompileError(error: unknown, file: string, text: string): CompileError {
  const e = error as { message?: string; loc?: { line: number; column: number }; pos?: number };
  const message = String(e?.message ?? error).replace(/\s*\(\d+:\d+\)$/, '');
  if (e?.loc) return new CompileError(message, e.loc.line, e.loc.column + 1, file);
  if (typeof e?.pos === 'number') return located(message, e.pos, text, file);
  return new CompileError(message, 1, 1, file);
}
