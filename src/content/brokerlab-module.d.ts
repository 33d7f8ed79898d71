// Types for `import { defineHandler } from 'brokerlab'` in lesson handler files, so tsc checks
// starter and solution code against the real handler API (handlers/api.ts), the same one the
// engine implements and the editor shows.

declare module 'brokerlab' {
  type Handler = import('../engine/handlers/api').Handler;
  export type { IncomingMessage, HandlerContext, Tx, PublishOptions } from '../engine/handlers/api';
  export function defineHandler(name: string, fn: Handler): Handler;
  export function defineHandler(fn: Handler): Handler;
}
