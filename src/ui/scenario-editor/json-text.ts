// Where things are in the scenario's JSON text: the engine's validation names a path
// (`services[1].handlers[0].consumes`), the JSON pane underlines the text it names; a text
// that does not parse names the line and column of its first error. jsonc-parser (the JSON
// scanner VS Code uses) keeps offsets, which JSON.parse does not. Pure, tested in Node.

import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError, type Segment } from 'jsonc-parser';

export interface TextRange {
  /** 1-based, as editors count. */
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface JsonSyntaxError extends TextRange {
  message: string;
}

/** `services[1].handlers[0].consumes` → ['services', 1, 'handlers', 0, 'consumes']. */
export function pathSegments(path: string): Segment[] {
  const out: Segment[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: Math.min(offset, text.length) - lineStart + 1 };
}

function range(text: string, offset: number, length: number): TextRange {
  const a = position(text, offset);
  const b = position(text, offset + Math.max(length, 1));
  return { startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column };
}

/** The first syntax error of a JSON text (no comments, no trailing commas), or null. */
export function jsonSyntaxError(text: string): JsonSyntaxError | null {
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  const first = errors[0];
  if (!first) return null;
  const at = range(text, first.offset, first.length);
  return { ...at, message: `${printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} at line ${at.startLine}, column ${at.startColumn}` };
}

/**
 * The text a validation path names: the value at the path, or, when the path names something
 * missing (a required field), the closest thing that exists — the object that lacks it, its
 * property name underlined. Null when the text does not parse.
 */
export function rangeOfPath(text: string, path: string): TextRange | null {
  const root = parseTree(text, [], { allowTrailingComma: false, disallowComments: true });
  if (!root) return null;
  const segments = pathSegments(path);
  for (let n = segments.length; n >= 0; n--) {
    const node: Node | undefined = findNodeAtLocation(root, segments.slice(0, n));
    if (!node) continue;
    // A property's value: underline `"name": value` from the key, short values whole.
    const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    if (node.type === 'object' || node.type === 'array') {
      const start = key ?? node;
      return range(text, start.offset, key ? key.length : 1);
    }
    return range(text, (key ?? node).offset, node.offset + node.length - (key ?? node).offset);
  }
  return null;
}
