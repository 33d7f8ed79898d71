// Module loads remembered per template: what a realm's memory becomes when handler modules are
// compiled and evaluated in it, so the next realm that loads the same modules in the same order
// is given that memory instead of doing the work again (every run of a check, every restart
// after a crash, loads the same modules into a fresh realm: a few milliseconds of QuickJS each).
//
// A fresh realm (the template's memory) that then compiles a module, evaluates it (the load
// entry point) and frees the compiled factory goes down a tree whose root is the template and
// whose edges are those operations with their exact arguments. An operation is remembered only
// when it was *pure*: it asked the host nothing (no ctx operation, clock, random, work charge,
// not even an interrupt check), threw nothing and did not grow the memory. Then what it
// answered and the memory it left are functions of the memory before it and its arguments
// alone, so a realm further down a known path is, byte for byte, the realm that did the work.
// A module that reads the clock or Math.random at load, or loops long enough to be checked,
// is simply never remembered: that realm does the work as before, live.
//
// A realm on the tree defers its memory: its instance is written only when it is first used
// for something else (a handler invocation). It is then given the image of the deepest node on
// its path that has one (the template's at the root), and the operations below that node are
// run live (their answers checked against the tree's). The image of a node is taken the first
// time a realm leaves the tree there, so the usual path costs one copy of the memory.
//
// An image is the data segment and the heap up to the allocator's break (the stack is empty
// between calls): the same parts a template copies, and the same rule for what lies beyond
// (memory the allocator has not handed out is never read before it is written). The break's
// address is found once per host by watching which word a large malloc moves; a build where no
// single word does keeps realms as before (no tree).

import type { RealmArg } from '../engine/handlers/realm-types';
import type { WasmBuffers } from './quickjs-wasm';

/** Module operations a tree remembers. */
export type LoadOp = { kind: 'compile'; source: string; file: string } | { kind: 'load'; args: readonly RealmArg[] } | { kind: 'free'; fn: number };

/** A realm's memory at a node: its data segment and heap, the binding's buffers and the functions it owns. */
export interface MemoryImage {
  ranges: { start: number; bytes: Uint8Array }[];
  buffers: WasmBuffers;
  owned: number[];
}

/** Where the memory lies: the data segment, the heap, the word holding the allocator's break, the memory's size. */
export interface MemoryLayout {
  dataEnd: number;
  heapStart: number;
  breakAddress: number;
  memoryBytes: number;
}

/** Figures for tests and benchmarks: module operations skipped down the tree, and run again to write a deferred memory. */
export const loadCounts = { followed: 0, replayed: 0 };

/** Nodes a tree may hold, and images kept in all (the least recently used go first). */
const NODES_MAX = 2048;
const IMAGES_MAX = 16;

export function opKey(op: LoadOp): string {
  switch (op.kind) {
    case 'compile': return `c${op.file}\u0000${op.source}`;
    case 'load': return `l${JSON.stringify(op.args)}`;
    default: return `f${op.fn}`;
  }
}

export class LoadNode {
  readonly children = new Map<string, LoadNode>();
  image: MemoryImage | null = null;
  /** `result`: the function id a compile gave, the text a load answered (0 for a free). */
  constructor(readonly parent: LoadNode | null, readonly op: LoadOp | null, readonly result: number | string) {}

  /** The operations from `ancestor` down to this node, in order. */
  pathFrom(ancestor: LoadNode): LoadNode[] {
    const path: LoadNode[] = [];
    for (let n: LoadNode | null = this; n && n !== ancestor; n = n.parent) path.push(n);
    return path.reverse();
  }

  /** The nearest node up the path (this one included) whose memory image is kept. */
  imaged(): LoadNode {
    let n: LoadNode = this;
    while (!n.image && n.parent) n = n.parent;
    return n;
  }
}

/** Images kept across every tree of the host, least recently used first. */
const imaged = new Set<LoadNode>();

export class LoadTree {
  readonly root: LoadNode;
  private nodes = 1;

  constructor(readonly layout: MemoryLayout, template: MemoryImage) {
    this.root = new LoadNode(null, null, 0);
    this.root.image = template;
  }

  /** A new child of `node` (null when the tree was full and started over: that realm goes on live, off it). */
  grow(node: LoadNode, op: LoadOp, result: number | string): LoadNode | null {
    if (this.nodes >= NODES_MAX) {
      // A long session of edits: forget every path (realms standing on one keep what they hold).
      this.root.children.clear();
      this.nodes = 1;
      return null;
    }
    const child = new LoadNode(node, op, result);
    node.children.set(opKey(op), child);
    this.nodes++;
    return child;
  }

  /** The memory of `heap` as `node`'s image (null when it is not laid out as expected). */
  keepImage(node: LoadNode, heap: Uint8Array, buffers: WasmBuffers, owned: Iterable<number>): void {
    const { dataEnd, heapStart, breakAddress, memoryBytes } = this.layout;
    if (heap.length !== memoryBytes) return;
    const end = new DataView(heap.buffer, heap.byteOffset).getUint32(breakAddress, true);
    if (end < heapStart || end > heap.length) return;
    node.image = { ranges: [{ start: 0, bytes: heap.slice(0, dataEnd) }, { start: heapStart, bytes: heap.slice(heapStart, end) }], buffers: { ...buffers }, owned: [...owned] };
    used(node);
  }
}

/** Marks an image as just used; the least recently used image beyond the cap is let go (never a template's). */
export function used(node: LoadNode): void {
  if (!node.parent) return;
  imaged.delete(node);
  imaged.add(node);
  if (imaged.size <= IMAGES_MAX) return;
  const oldest = imaged.values().next().value!;
  imaged.delete(oldest);
  oldest.image = null;
}

const PROBE_BYTES = 4 * 1024 * 1024;

/**
 * The address of the allocator's break in a pristine instance's memory: the one word in the
 * first `scanBytes` (the data segment) that points past them, that a malloc of 4 MB moves up by
 * about that much and that stays there after the free — not the free top chunk's start, which
 * goes back (null: no such single word, so the tree is not used). The instance is spent.
 */
export function findBreakAddress(heap: () => Uint8Array, malloc: (bytes: number) => number, free: (ptr: number) => void, scanBytes: number): number | null {
  const words = scanBytes >>> 2;
  const before = new Uint32Array(heap().buffer.slice(0, words * 4));
  const p = malloc(PROBE_BYTES);
  if (p === 0) return null;
  const grown = new Uint32Array(heap().buffer.slice(0, words * 4));
  const moved: number[] = [];
  for (let i = 0; i < words; i++) {
    const d = grown[i]! - before[i]!;
    if (before[i]! >= scanBytes && d >= PROBE_BYTES - 65536 && d <= PROBE_BYTES + 65536) moved.push(i);
  }
  free(p);
  const after = new Uint32Array(heap().buffer, 0, words);
  const kept = moved.filter((i) => after[i] === grown[i]);
  return kept.length === 1 ? kept[0]! * 4 : null;
}
