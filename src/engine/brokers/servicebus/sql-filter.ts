// The Service Bus SQL filter subset (SqlRuleFilter / SqlRuleAction), over message properties
// only — never the body. Filters are SQL-92-like predicates: comparisons, AND/OR/NOT,
// IS [NOT] NULL, EXISTS(prop), [NOT] LIKE with % and _, [NOT] IN (…), arithmetic, literals.
// System properties are prefixed `sys.` (sys.Label, sys.CorrelationId…); bare names and
// `user.` names are application properties. Comparisons with a missing property are unknown,
// and an unknown filter result does not match, as in SQL. Actions are `SET p = expr, …` and
// `REMOVE p`. Parsing is pure and reports errors with the position, for validation messages.

export type SqlValue = string | number | boolean | null;

export type SqlExpr =
  | { k: 'lit'; v: SqlValue }
  | { k: 'prop'; scope: 'sys' | 'user'; name: string }
  | { k: 'not'; e: SqlExpr }
  | { k: 'neg'; e: SqlExpr }
  | { k: 'bin'; op: string; a: SqlExpr; b: SqlExpr }
  | { k: 'isnull'; e: SqlExpr; not: boolean }
  | { k: 'exists'; p: SqlExpr & { k: 'prop' } }
  | { k: 'like'; e: SqlExpr; pattern: RegExp; not: boolean }
  | { k: 'in'; e: SqlExpr; list: SqlExpr[]; not: boolean };

export type SqlAction = { set: { target: SqlExpr & { k: 'prop' }; value: SqlExpr }[]; remove: (SqlExpr & { k: 'prop' })[] };

export interface SqlProps {
  sys: Record<string, SqlValue>;
  user: Record<string, SqlValue>;
}

export class SqlSyntaxError extends Error {}

type Tok = { t: 'num' | 'str' | 'id' | 'op'; v: string; at: number };

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === "'") {
      let j = i + 1, v = '';
      for (;;) {
        if (j >= src.length) throw new SqlSyntaxError(`unterminated string at ${i + 1}`);
        if (src[j] === "'") { if (src[j + 1] === "'") { v += "'"; j += 2; continue; } break; }
        v += src[j++];
      }
      toks.push({ t: 'str', v, at: i });
      i = j + 1;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?/.exec(src.slice(i))!;
      toks.push({ t: 'num', v: m[0], at: i });
      i += m[0].length;
    } else if (c === '[') {
      const j = src.indexOf(']', i);
      if (j < 0) throw new SqlSyntaxError(`unterminated [name] at ${i + 1}`);
      toks.push({ t: 'id', v: src.slice(i + 1, j), at: i });
      i = j + 1;
    } else if (/[A-Za-z_$@]/.test(c)) {
      const m = /^[A-Za-z_$@][A-Za-z0-9_$@]*(?:\.[A-Za-z_$@][A-Za-z0-9_$@]*)*/.exec(src.slice(i))!;
      toks.push({ t: 'id', v: m[0], at: i });
      i += m[0].length;
    } else {
      const two = src.slice(i, i + 2);
      if (['<>', '!=', '>=', '<='].includes(two)) { toks.push({ t: 'op', v: two, at: i }); i += 2; }
      else if ('=<>+-*/%(),'.includes(c)) { toks.push({ t: 'op', v: c, at: i }); i++; }
      else throw new SqlSyntaxError(`unexpected "${c}" at ${i + 1}`);
    }
  }
  return toks;
}

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'IS', 'NULL', 'LIKE', 'IN', 'EXISTS', 'TRUE', 'FALSE', 'ESCAPE', 'SET', 'REMOVE']);

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[], private readonly src: string) {}

  private peek(): Tok | undefined { return this.toks[this.i]; }
  private kw(word: string): boolean {
    const t = this.peek();
    if (t?.t === 'id' && t.v.toUpperCase() === word) { this.i++; return true; }
    return false;
  }
  private op(v: string): boolean {
    const t = this.peek();
    if (t?.t === 'op' && t.v === v) { this.i++; return true; }
    return false;
  }
  private fail(what: string): never {
    const t = this.peek();
    throw new SqlSyntaxError(t ? `${what} at ${t.at + 1} ("${t.v}")` : `${what} at the end of "${this.src}"`);
  }
  done(): void { if (this.peek()) this.fail('unexpected text'); }

  expr(): SqlExpr { return this.or(); }
  private or(): SqlExpr {
    let a = this.and();
    while (this.kw('OR')) a = { k: 'bin', op: 'OR', a, b: this.and() };
    return a;
  }
  private and(): SqlExpr {
    let a = this.not();
    while (this.kw('AND')) a = { k: 'bin', op: 'AND', a, b: this.not() };
    return a;
  }
  private not(): SqlExpr {
    if (this.kw('NOT')) return { k: 'not', e: this.not() };
    return this.predicate();
  }
  private predicate(): SqlExpr {
    if (this.kw('EXISTS')) {
      if (!this.op('(')) this.fail('expected ( after EXISTS');
      const p = this.primary();
      if (p.k !== 'prop') this.fail('EXISTS needs a property name');
      if (!this.op(')')) this.fail('expected )');
      return { k: 'exists', p };
    }
    const e = this.additive();
    for (const op of ['=', '<>', '!=', '>=', '<=', '>', '<']) if (this.op(op)) return { k: 'bin', op: op === '!=' ? '<>' : op, a: e, b: this.additive() };
    if (this.kw('IS')) {
      const not = this.kw('NOT');
      if (!this.kw('NULL')) this.fail('expected NULL');
      return { k: 'isnull', e, not };
    }
    const not = this.kw('NOT');
    if (this.kw('LIKE')) {
      const t = this.peek();
      if (t?.t !== 'str') this.fail('LIKE needs a string pattern');
      this.i++;
      let escape: string | undefined;
      if (this.kw('ESCAPE')) {
        const x = this.peek();
        if (x?.t !== 'str' || x.v.length !== 1) this.fail('ESCAPE needs a one-character string');
        this.i++;
        escape = x.v;
      }
      return { k: 'like', e, pattern: likeToRegExp(t.v, escape), not };
    }
    if (this.kw('IN')) {
      if (!this.op('(')) this.fail('expected ( after IN');
      const list = [this.additive()];
      while (this.op(',')) list.push(this.additive());
      if (!this.op(')')) this.fail('expected )');
      return { k: 'in', e, list, not };
    }
    if (not) this.fail('expected LIKE or IN after NOT');
    return e;
  }
  private additive(): SqlExpr {
    let a = this.multiplicative();
    for (;;) {
      if (this.op('+')) a = { k: 'bin', op: '+', a, b: this.multiplicative() };
      else if (this.op('-')) a = { k: 'bin', op: '-', a, b: this.multiplicative() };
      else return a;
    }
  }
  private multiplicative(): SqlExpr {
    let a = this.unary();
    for (;;) {
      const t = this.peek();
      if (t?.t === 'op' && (t.v === '*' || t.v === '/' || t.v === '%')) { this.i++; a = { k: 'bin', op: t.v, a, b: this.unary() }; }
      else return a;
    }
  }
  private unary(): SqlExpr {
    if (this.op('-')) return { k: 'neg', e: this.unary() };
    return this.primary();
  }
  primary(): SqlExpr {
    const t = this.peek();
    if (!t) this.fail('expected a value');
    if (this.op('(')) {
      const e = this.expr();
      if (!this.op(')')) this.fail('expected )');
      return e;
    }
    if (t.t === 'num') { this.i++; return { k: 'lit', v: Number(t.v) }; }
    if (t.t === 'str') { this.i++; return { k: 'lit', v: t.v }; }
    if (t.t === 'id') {
      const upper = t.v.toUpperCase();
      if (upper === 'TRUE' || upper === 'FALSE') { this.i++; return { k: 'lit', v: upper === 'TRUE' }; }
      if (upper === 'NULL') { this.i++; return { k: 'lit', v: null }; }
      if (KEYWORDS.has(upper)) this.fail('expected a value');
      this.i++;
      return propRef(t.v);
    }
    return this.fail('expected a value');
  }
  action(): SqlAction {
    const action: SqlAction = { set: [], remove: [] };
    do {
      if (this.kw('SET')) {
        const target = this.primary();
        if (target.k !== 'prop') this.fail('SET needs a property name');
        if (!this.op('=')) this.fail('expected = after the property');
        action.set.push({ target, value: this.additive() });
      } else if (this.kw('REMOVE')) {
        const target = this.primary();
        if (target.k !== 'prop') this.fail('REMOVE needs a property name');
        action.remove.push(target);
      } else this.fail('expected SET or REMOVE');
    } while (this.op(',') || this.op(';'));
    return action;
  }
}

function propRef(name: string): SqlExpr & { k: 'prop' } {
  const lower = name.toLowerCase();
  if (lower.startsWith('sys.')) return { k: 'prop', scope: 'sys', name: name.slice(4) };
  if (lower.startsWith('user.')) return { k: 'prop', scope: 'user', name: name.slice(5) };
  return { k: 'prop', scope: 'user', name };
}

function likeToRegExp(pattern: string, escape?: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (escape && c === escape && i + 1 < pattern.length) re += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '%') re += '[\\s\\S]*';
    else if (c === '_') re += '[\\s\\S]';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function parseSqlFilter(src: string): SqlExpr {
  const p = new Parser(tokenize(src), src);
  const e = p.expr();
  p.done();
  return e;
}

export function parseSqlAction(src: string): SqlAction {
  const p = new Parser(tokenize(src), src);
  const a = p.action();
  p.done();
  return a;
}

function lookup(props: SqlProps, p: { scope: 'sys' | 'user'; name: string }): SqlValue | undefined {
  const bag = p.scope === 'sys' ? props.sys : props.user;
  if (p.name in bag) return bag[p.name];
  const lower = p.name.toLowerCase();
  for (const k of Object.keys(bag)) if (k.toLowerCase() === lower) return bag[k];
  return undefined;
}

/** Evaluates to a value; null stands for SQL's unknown. */
export function evaluate(e: SqlExpr, props: SqlProps): SqlValue {
  switch (e.k) {
    case 'lit': return e.v;
    case 'prop': return lookup(props, e) ?? null;
    case 'neg': { const v = evaluate(e.e, props); return typeof v === 'number' ? -v : null; }
    case 'not': { const v = evaluate(e.e, props); return v === null ? null : !v; }
    case 'exists': return lookup(props, e.p) !== undefined;
    case 'isnull': { const isNull = evaluate(e.e, props) === null; return e.not ? !isNull : isNull; }
    case 'like': {
      const v = evaluate(e.e, props);
      if (typeof v !== 'string') return null;
      const m = e.pattern.test(v);
      return e.not ? !m : m;
    }
    case 'in': {
      const v = evaluate(e.e, props);
      if (v === null) return null;
      const m = e.list.some((x) => evaluate(x, props) === v);
      return e.not ? !m : m;
    }
    case 'bin': return binary(e.op, e.a, e.b, props);
  }
}

function binary(op: string, ea: SqlExpr, eb: SqlExpr, props: SqlProps): SqlValue {
  if (op === 'AND' || op === 'OR') {
    const a = evaluate(ea, props);
    const b = evaluate(eb, props);
    if (op === 'AND') return a === false || b === false ? false : a === null || b === null ? null : true;
    return a === true || b === true ? true : a === null || b === null ? null : false;
  }
  const a = evaluate(ea, props);
  const b = evaluate(eb, props);
  if (a === null || b === null) return null;
  switch (op) {
    case '=': return a === b;
    case '<>': return a !== b;
    case '>': return a > b;
    case '<': return a < b;
    case '>=': return a >= b;
    case '<=': return a <= b;
  }
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  if (typeof a !== 'number' || typeof b !== 'number') return null;
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b === 0 ? null : a / b;
    default: return b === 0 ? null : a % b;
  }
}

/** Does the filter match? Unknown (null) does not. */
export function matches(e: SqlExpr, props: SqlProps): boolean {
  return evaluate(e, props) === true;
}

/** Applies an action to a copy of the properties. */
export function applyAction(a: SqlAction, props: SqlProps): SqlProps {
  const next: SqlProps = { sys: { ...props.sys }, user: { ...props.user } };
  for (const s of a.set) (s.target.scope === 'sys' ? next.sys : next.user)[s.target.name] = evaluate(s.value, props);
  for (const r of a.remove) delete (r.scope === 'sys' ? next.sys : next.user)[r.name];
  return next;
}
