// The pages the columnar trace (columns.ts) keeps its fixed fields in: per event, its tick, shape
// number, string codes and payload offset, in typed arrays of PAGE_SIZE events (event i on page
// i >> PAGE_BITS). The first page grows by doubling up to PAGE_SIZE, later pages are made whole,
// so a long run never copies what it wrote, and the end of a run trims only its last page. This
// module makes, resizes, copies and sizes pages; columns.ts decides when.

export const PAGE_BITS = 16;
/** Events per page (the first page grows up to it). */
export const PAGE_SIZE = 1 << PAGE_BITS;
export const PAGE_MASK = PAGE_SIZE - 1;

/** Columns of the events [k·PAGE_SIZE, k·PAGE_SIZE + capacity) of page k. */
export interface Page {
  /** Whole ticks below 2^32 (the ceiling is far below), else Float64 on every page. */
  ticks: Uint32Array | Float64Array;
  shapeIds: Uint16Array;
  /** One array per string column (columns.ts: STRING_FIELDS). */
  strings: Uint32Array[];
  /** Where each event's payload starts in the payload store. */
  offsets: Uint32Array;
}

/** The columns of a slice of events, as `sliceColumns` returns and `setColumns` takes them. */
export type PageColumns = Page;

/** The number of string columns (actor, messageId, correlationId, deliveryId). */
export const STRING_COLUMNS = 4;

export function newPage(size: number, wide: boolean): Page {
  const strings: Uint32Array[] = [];
  for (let c = 0; c < STRING_COLUMNS; c++) strings.push(new Uint32Array(size));
  return {
    ticks: wide ? new Float64Array(size) : new Uint32Array(size),
    shapeIds: new Uint16Array(size),
    strings,
    offsets: new Uint32Array(size),
  };
}

/** Page `page` resized to `size` events, its first `used` kept. */
export function resizedPage(page: Page, size: number, used: number, wide: boolean): Page {
  const out = newPage(size, wide);
  const n = Math.min(used, size);
  out.ticks.set(n === page.ticks.length ? page.ticks : page.ticks.subarray(0, n));
  out.shapeIds.set(n === page.shapeIds.length ? page.shapeIds : page.shapeIds.subarray(0, n));
  for (let c = 0; c < out.strings.length; c++) out.strings[c].set(n === page.strings[c].length ? page.strings[c] : page.strings[c].subarray(0, n));
  out.offsets.set(n === page.offsets.length ? page.offsets : page.offsets.subarray(0, n));
  return out;
}

/** Events [from, to) as runs within one page: the page, where the run starts in it, its length, and where it starts from `from`. */
function eachRun(pages: Page[], from: number, to: number, run: (page: Page, at: number, count: number, into: number) => void): void {
  for (let i = from; i < to; ) {
    const at = i & PAGE_MASK;
    const count = Math.min(to - i, PAGE_SIZE - at);
    run(pages[i >>> PAGE_BITS], at, count, i - from);
    i += count;
  }
}

/** The columns of events [from, to) of `pages` as fresh arrays. */
export function slicePages(pages: Page[], from: number, to: number, wide: boolean): PageColumns {
  const out = newPage(Math.max(0, to - from), wide);
  eachRun(pages, from, to, (page, at, count, into) => {
    out.ticks.set(page.ticks.subarray(at, at + count), into);
    out.shapeIds.set(page.shapeIds.subarray(at, at + count), into);
    for (let c = 0; c < out.strings.length; c++) out.strings[c].set(page.strings[c].subarray(at, at + count), into);
    out.offsets.set(page.offsets.subarray(at, at + count), into);
  });
  return out;
}

/** Writes `columns` into `pages` for events [from, from + columns.ticks.length); the pages must have room. */
export function writePages(pages: Page[], from: number, columns: PageColumns): void {
  const { ticks, shapeIds, strings, offsets } = columns;
  eachRun(pages, from, from + ticks.length, (page, at, count, into) => {
    page.ticks.set(ticks.subarray(into, into + count), at);
    page.shapeIds.set(shapeIds.subarray(into, into + count), at);
    for (let c = 0; c < page.strings.length; c++) page.strings[c].set(strings[c].subarray(into, into + count), at);
    page.offsets.set(offsets.subarray(into, into + count), at);
  });
}

/** Bytes the pages hold (capacity, not only what is used). */
export function pagesBytes(pages: Page[]): number {
  let n = 0;
  for (const page of pages) {
    n += page.ticks.byteLength + page.shapeIds.byteLength + page.offsets.byteLength;
    for (const c of page.strings) n += c.byteLength;
  }
  return n;
}
