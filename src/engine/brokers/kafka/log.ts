// A partition's log as columns: the records a partition holds, oldest first, on a growable ring
// — the message of each record in one array, its offset, tick and size in typed arrays, and the
// rare extras (idempotent producer id and sequence, compacted, transaction) in a side array
// made on first use. A Kafka log keeps every record until retention deletes it, so a long run
// holds hundreds of thousands; one object per record on top of its message was a fifth of the
// heap such a run kept. `at` gives a record as a `LogRecord` value for the model's rarer paths;
// the hot path reads the columns (`messageAt`, `tickAt`).

import type { Message } from '../types';
import type { LogRecord } from './state';
import type { KafkaTransaction } from './transactions';

interface RecordExtras {
  producerId?: number;
  sequence?: number;
  compacted?: boolean;
  txn?: KafkaTransaction;
}

export class PartitionLog {
  private messages: (Message | undefined)[] = new Array(16);
  private offsets = new Float64Array(16);
  private ticks = new Float64Array(16);
  private sizes = new Float64Array(16);
  private extras: (RecordExtras | undefined)[] | null = null;
  private head = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(record: LogRecord): void {
    if (this.count === this.messages.length) this.grow();
    const slot = (this.head + this.count) & (this.messages.length - 1);
    this.messages[slot] = record.message;
    this.offsets[slot] = record.offset;
    this.ticks[slot] = record.tick;
    this.sizes[slot] = record.bytes;
    if (record.producerId !== undefined || record.sequence !== undefined || record.compacted || record.txn) {
      const extra: RecordExtras = {};
      if (record.producerId !== undefined) extra.producerId = record.producerId;
      if (record.sequence !== undefined) extra.sequence = record.sequence;
      if (record.compacted) extra.compacted = true;
      if (record.txn) extra.txn = record.txn;
      (this.extras ??= new Array(this.messages.length))[slot] = extra;
    } else if (this.extras) this.extras[slot] = undefined;
    this.count++;
  }

  /** The record `index` places from the oldest, as a value (changes go through `markCompacted`). */
  at(index: number): LogRecord | undefined {
    if (index < 0 || index >= this.count) return undefined;
    const slot = this.slot(index);
    const record: LogRecord = { message: this.messages[slot]!, offset: this.offsets[slot], tick: this.ticks[slot], bytes: this.sizes[slot] };
    const extra = this.extras?.[slot];
    if (extra) {
      if (extra.producerId !== undefined) record.producerId = extra.producerId;
      if (extra.sequence !== undefined) record.sequence = extra.sequence;
      if (extra.compacted) record.compacted = true;
      if (extra.txn) record.txn = extra.txn;
    }
    return record;
  }

  messageAt(index: number): Message | undefined {
    return index < 0 || index >= this.count ? undefined : this.messages[this.slot(index)];
  }

  tickAt(index: number): number {
    return this.ticks[this.slot(index)];
  }

  txnAt(index: number): KafkaTransaction | undefined {
    return index < 0 || index >= this.count ? undefined : this.extras?.[this.slot(index)]?.txn;
  }

  peek(): LogRecord | undefined {
    return this.at(0);
  }

  shift(): LogRecord | undefined {
    const record = this.at(0);
    if (!record) return undefined;
    this.clear(this.head);
    this.head = (this.head + 1) & (this.messages.length - 1);
    this.count--;
    return record;
  }

  /** Removes and returns the newest record. */
  pop(): LogRecord | undefined {
    const record = this.at(this.count - 1);
    if (!record) return undefined;
    this.clear(this.slot(this.count - 1));
    this.count--;
    return record;
  }

  /** Log compaction removed the record: its offset stays, its bytes are freed, readers skip it. */
  markCompacted(index: number): void {
    const slot = this.slot(index);
    this.sizes[slot] = 0;
    const extras = (this.extras ??= new Array(this.messages.length));
    extras[slot] = { ...(extras[slot] ?? {}), compacted: true };
  }

  private slot(index: number): number {
    return (this.head + index) & (this.messages.length - 1);
  }

  private clear(slot: number): void {
    this.messages[slot] = undefined;
    if (this.extras) this.extras[slot] = undefined;
  }

  private grow(): void {
    const size = this.messages.length;
    const messages: (Message | undefined)[] = new Array(size * 2);
    const offsets = new Float64Array(size * 2);
    const ticks = new Float64Array(size * 2);
    const sizes = new Float64Array(size * 2);
    const extras: (RecordExtras | undefined)[] | null = this.extras ? new Array(size * 2) : null;
    for (let i = 0; i < this.count; i++) {
      const from = (this.head + i) & (size - 1);
      messages[i] = this.messages[from];
      offsets[i] = this.offsets[from];
      ticks[i] = this.ticks[from];
      sizes[i] = this.sizes[from];
      if (extras) extras[i] = this.extras![from];
    }
    this.messages = messages;
    this.offsets = offsets;
    this.ticks = ticks;
    this.sizes = sizes;
    this.extras = extras;
    this.head = 0;
  }
}
