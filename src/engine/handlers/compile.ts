// Turns handler source text (TypeScript, an ES module) into a runnable handler. Types are
// stripped by sucrase, which keeps line numbers; imports become `require` calls that only know
// 'brokerlab'. Then the async functions are rewritten as generator functions (`await x` →
// `(yield x)`) so the coroutine driver can run them synchronously in virtual time. The result
// is evaluated with the sandbox's globals in scope; see sandbox.ts.
//
// The same pass instruments the code for the work budget (budget.ts): loop bodies, function
// bodies and catch/finally blocks call tiny counters, so an endless loop or a runaway recursion
// stops deterministically. It also lists every free name the code mentions, so the sandbox can
// shadow each one it does not allow (an allowlist: nothing of the host leaks through).

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

/** The compiled module and the free names it mentions (the sandbox shadows the ones it does not allow). */
export interface CompiledHandler {
  js: string;
  names: string[];
}

/** Names the instrumentation reserves; user code may not declare or mention them. */
const RESERVED_PREFIX = '__bl_';

/** Instrumentation text (see budget.ts): function entry/exit, loop iteration, catch/finally. */
const ENTER = '__bl_e();try{';
const EXIT = '}finally{__bl_x()}';
const WORK = '__bl_w();';
const RECHECK = '__bl_c();';

/** TypeScript module source → CommonJS JavaScript whose async functions are generators. */
export function compileHandlerSource(source: string, file = 'handler.ts'): string {
  return compileHandler(source, file).js;
}

/**
 * TypeScript module source → instrumented CommonJS JavaScript: async functions are generators,
 * and every loop iteration, function entry and catch/finally block reports to the work budget.
 */
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
  const names = new Set<string>();
  collectEdits(ast, js, edits, 0, file, names, null);
  return { js: applyEdits(js, edits), names: [...names].sort() };
}

function collectEdits(node: AnyNode, js: string, edits: Edit[], depth: number, file: string, names: Set<string>, parent: AnyNode | null): void {
  switch (node.type) {
    case 'Identifier': {
      const name = node.name as string;
      if (name === 'eval' || name === 'Function') throw located(`${name} is not available in handlers: handlers cannot create code`, node.start, js, file);
      if (name.startsWith(RESERVED_PREFIX)) throw located(`names starting with ${RESERVED_PREFIX} are reserved for Brokerlab`, node.start, js, file);
      if (isReference(node, parent)) names.add(name);
      break;
    }
    case 'ImportExpression':
      throw located('dynamic import() is not available in handlers: only "brokerlab" can be imported', node.start, js, file);
    case 'AwaitExpression':
      edits.push({ start: node.start, end: node.start + 5, text: '(yield', order: depth });
      edits.push({ start: node.end, end: node.end, text: ')', order: closing(depth) });
      break;
    case 'ForOfStatement':
      if (node.await) throw located('`for await` is not supported in handlers', node.start, js, file);
      loopEdits(node, edits, depth);
      break;
    case 'ForStatement':
    case 'ForInStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
      loopEdits(node, edits, depth);
      break;
    case 'CatchClause':
      edits.push({ start: (node.body as AnyNode).start + 1, end: (node.body as AnyNode).start + 1, text: RECHECK, order: opening(depth) });
      break;
    case 'TryStatement':
      if (node.finalizer) edits.push({ start: (node.finalizer as AnyNode).start + 1, end: (node.finalizer as AnyNode).start + 1, text: RECHECK, order: opening(depth) });
      break;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
      if (node.async && node.generator) throw located('async generator functions are not supported in handlers', node.start, js, file);
      if (node.async && js.startsWith('async', node.start)) {
        const fnAt = js.indexOf('function', node.start);
        edits.push({ start: node.start, end: fnAt + 8, text: 'function*', order: depth });
      }
      blockBodyEdits(node.body as AnyNode, edits, depth);
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
      arrowEdits(node, js, edits, depth);
      break;
  }
  for (const key of Object.keys(node)) {
    const child = node[key];
    if (Array.isArray(child)) {
      for (const c of child) if (isNode(c)) collectEdits(c, js, edits, depth + 1, file, names, node);
    } else if (isNode(child)) collectEdits(child, js, edits, depth + 1, file, names, node);
  }
}

/** Is this identifier a use of a variable (not a property name, a key or a label)? */
function isReference(node: AnyNode, parent: AnyNode | null): boolean {
  if (!parent) return true;
  switch (parent.type) {
    case 'MemberExpression':
      return parent.object === node || parent.computed === true;
    case 'Property':
    case 'PropertyDefinition':
    case 'MethodDefinition':
      return parent.value === node || parent.computed === true;
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
    case 'MetaProperty':
      return false;
    default:
      return node.name !== 'arguments' && node.name !== 'undefined';
  }
}

/** A loop body gets one unit of work per iteration: `while (c) body` → `while (c) {__bl_w();body}`. */
function loopEdits(node: AnyNode, edits: Edit[], depth: number): void {
  const body = node.body as AnyNode;
  edits.push({ start: body.start, end: body.start, text: `{${WORK}`, order: opening(depth) });
  edits.push({ start: body.end, end: body.end, text: '}', order: closing(depth) + 2 });
}

/** `{ body }` → `{ __bl_e();try{ body }finally{__bl_x()} }`: counts work and call depth. */
function blockBodyEdits(body: AnyNode, edits: Edit[], depth: number): void {
  edits.push({ start: body.start + 1, end: body.start + 1, text: ENTER, order: opening(depth) });
  edits.push({ start: body.end - 1, end: body.end - 1, text: EXIT, order: closing(depth) });
}

/**
 * Arrow functions. Async ones become bound generator functions, keeping the parameter text in
 * place (so edits inside default values survive): `async (a) => x` → `(function* (a) {…}).bind(this)`.
 * Every arrow body is instrumented like a function body; an expression body becomes a block
 * that returns it.
 */
function arrowEdits(node: AnyNode, js: string, edits: Edit[], depth: number): void {
  const body = node.body as AnyNode;
  const params = node.params as AnyNode[];
  const isAsync = node.async === true;
  const paramsFrom = isAsync ? node.start + 5 : node.start;
  const searchFrom = params.length > 0 ? params[params.length - 1].end : paramsFrom;
  const arrowAt = js.indexOf('=>', searchFrom);
  if (isAsync) {
    edits.push({ start: node.start, end: node.start + 5, text: '(function*', order: depth });
    const bare = params.length === 1 && js.slice(paramsFrom, params[0].start).trim() === '';
    if (bare) {
      edits.push({ start: params[0].start, end: params[0].start, text: '(', order: opening(depth) });
      edits.push({ start: params[0].end, end: params[0].end, text: ')', order: closing(depth + 1) });
    }
    edits.push({ start: arrowAt, end: arrowAt + 2, text: '', order: depth });
  }
  if (body.type === 'BlockStatement') {
    blockBodyEdits(body, edits, depth);
  } else {
    edits.push({ start: arrowAt + 2, end: arrowAt + 2, text: `{${ENTER}return (`, order: opening(depth) });
    edits.push({ start: node.end, end: node.end, text: `);${EXIT}}`, order: closing(depth) });
  }
  if (isAsync) edits.push({ start: node.end, end: node.end, text: ').bind(this)', order: closing(depth) + 1 });
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
