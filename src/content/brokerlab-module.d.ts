// Types for `import { defineHandler } from 'brokerlab'` in lesson handler files, so tsc checks
// starter and solution code against the real handler API (handlers/api.ts), the same one the
// engine implements and the editor shows.

declare module 'brokerlab' {
  type Handler = import('../engine/handlers/api').Handler;
  type HandlerOptions = import('../engine/handlers/api').HandlerOptions;
  export type { IncomingMessage, HandlerContext, Tx, PublishOptions, HandlerOptions } from '../engine/handlers/api';
  export function defineHandler(name: string, fn: Handler, options?: HandlerOptions): Handler;
  export function defineHandler(fn: Handler, options?: HandlerOptions): Handler;
}
