// Whatever a handler throws — an Error, a string, null, an object — becomes one readable line;
// and what the engine throws at a publisher whose broker cannot be reached.

/** Thrown at a publisher when its broker cannot be reached. */
export class BrokerUnreachable extends Error {
  constructor(readonly why: string) {
    super(why);
    this.name = 'BrokerUnreachable';
  }
}

export function describeThrown(error: unknown): string {
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error && typeof (error as Error).message === 'string')) {
    const e = error as Error;
    const name = typeof e.name === 'string' && e.name !== 'Error' ? `${e.name}: ` : '';
    return `${name}${e.message}`;
  }
  if (typeof error === 'string') return error;
  if (error === null) return 'threw null';
  if (error === undefined) return 'threw undefined';
  try {
    const text = JSON.stringify(error);
    if (text !== undefined) return `threw ${text.length > 200 ? text.slice(0, 200) + '…' : text}`;
  } catch {
    /* cyclic or otherwise unserialisable */
  }
  return `threw ${Object.prototype.toString.call(error)}`;
}
