// The editor's typings for handler code, generated from the engine's own handler API
// (src/engine/handlers/api.ts, imported as text by typings-source.ts), so what the editor
// checks and completes is exactly what the engine implements: they cannot drift.
//
// Handler files see an ambient module 'brokerlab' (the API's types plus `defineHandler`) and the
// few globals the sandbox provides besides standard JavaScript (`performance.now()`,
// `crypto.randomUUID()`). The editor compiles against lib ES2022 only, so `document`, `fetch`,
// `localStorage`… are type errors here just as they are runtime errors in the sandbox.

/** Turns api.ts's text into `declare module 'brokerlab' { … }` plus the sandbox's globals. */
export function buildHandlerTypings(apiSource: string): string {
  const body = apiSource
    .replace(/^\s*\/\* eslint-disable[^*]*\*\/\s*$/gm, '')
    .replace(/^import .*$/gm, '')
    .trim()
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');
  return `// Generated from src/engine/handlers/api.ts — do not edit.
declare module 'brokerlab' {
${body}

  /**
   * Declares a handler: \`export default defineHandler('ReserveStock', async (msg, ctx) => { … })\`.
   * Optional \`options\` (retry policy, circuit breaker, concurrency) replace the scenario's.
   */
  export function defineHandler(name: string, handler: Handler, options?: HandlerOptions): Handler;
  export function defineHandler(handler: Handler, options?: HandlerOptions): Handler;
}

/** Virtual time inside handlers: milliseconds since the run started. */
declare const performance: { now(): number };
/** Seeded inside handlers: the same seed gives the same ids. */
declare const crypto: { randomUUID(): string; getRandomValues<T extends ArrayLike<number>>(array: T): T };
`;
}

/** Compiler options the editor checks handler files with (mirrors what the sandbox offers). */
export const HANDLER_COMPILER_OPTIONS = {
  target: 'ES2022',
  lib: ['es2022'],
  strict: false,
  noImplicitAny: false,
  module: 'ESNext',
  moduleResolution: 'Node',
  allowNonTsExtensions: true,
  noEmit: true,
} as const;
