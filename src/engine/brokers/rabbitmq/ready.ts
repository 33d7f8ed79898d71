// The order in which a queue hands out its ready messages. A classic queue is FIFO by position,
// and a requeued message goes back to its original position (ref §2.3: "at its original position
// if possible"), so it is delivered before the messages that were behind it, whatever order
// several are returned in. Priorities split the queue into one sub-queue per level: a classic
// queue with x-max-priority N has N + 1 and always serves the highest non-empty one; a quorum
// queue (4.0+) has two, normal (priority 0–4 or none) and high (5+), and serves them 2:1 —
// except that a high message published before the normal head goes first (RabbitMQ quorum
// queue docs, "Priorities"). Each sub-queue stays sorted by position. A queue with
// x-max-length-bytes also sums the body bytes of what is ready (RabbitMQ's message_bytes_ready).

import { Deque } from '../deque';
import { bodyBytes } from '../shared/utf8';
import { QUORUM_HIGH_PRIORITY_MIN } from './options';
import type { RMessage } from './state';

export class ReadyQueue {
  private levels: Deque<RMessage>[];
  private count = 0;
  /** Body bytes of the ready messages; counted only for a queue with x-max-length-bytes. */
  private readyBytes = 0;
  /** Quorum fair share: high-priority deliveries in a row. */
  private highStreak = 0;

  constructor(private readonly mode: 'fifo' | 'classic-priority' | 'quorum-priority', maxPriority = 0, private readonly countsBytes = false) {
    const n = mode === 'classic-priority' ? maxPriority + 1 : mode === 'quorum-priority' ? 2 : 1;
    this.levels = Array.from({ length: n }, () => new Deque<RMessage>());
  }

  get length(): number {
    return this.count;
  }

  /** The body bytes of the ready messages (0 unless the queue counts them). */
  get bytes(): number {
    return this.readyBytes;
  }

  private addBytes(msg: RMessage, sign: 1 | -1): void {
    if (this.countsBytes) this.readyBytes += sign * (msg.bodyBytes ??= bodyBytes(msg.message));
  }

  /** The effective priority of a `priority` property for this queue (ref: RabbitMQ "Priorities"). */
  effectivePriority(priority: number): number {
    if (this.mode === 'fifo') return 0;
    const p = Math.max(0, Math.floor(priority));
    return this.mode === 'classic-priority' ? Math.min(p, this.levels.length - 1) : p;
  }

  private levelOf(msg: RMessage): Deque<RMessage> {
    if (this.mode === 'fifo') return this.levels[0];
    if (this.mode === 'quorum-priority') return this.levels[msg.priority >= QUORUM_HIGH_PRIORITY_MIN ? 1 : 0];
    return this.levels[Math.min(msg.priority, this.levels.length - 1)];
  }

  /** A new arrival: its position is the highest so far, so it goes to the back of its level. */
  push(msg: RMessage): void {
    this.levelOf(msg).push(msg);
    this.count++;
    this.addBytes(msg, 1);
  }

  /** A returned message: back at its original position within its level. */
  insert(msg: RMessage): void {
    const level = this.levelOf(msg);
    this.count++;
    this.addBytes(msg, 1);
    const last = level.at(level.length - 1);
    if (!last || last.position < msg.position) return level.push(msg);
    if (level.peek()!.position > msg.position) return level.unshift(msg);
    const items = level.toArray();
    const at = items.findIndex((m) => m.position > msg.position);
    items.splice(at, 0, msg);
    const rebuilt = new Deque<RMessage>();
    for (const m of items) rebuilt.push(m);
    this.levels[this.levels.indexOf(level)] = rebuilt;
  }

  private nextLevel(): number {
    if (this.levels.length === 1) return 0;
    if (this.mode === 'classic-priority') {
      for (let i = this.levels.length - 1; i >= 0; i--) if (this.levels[i].length > 0) return i;
      return 0;
    }
    const [normal, high] = this.levels;
    if (high.length === 0) return 0;
    if (normal.length === 0) return 1;
    if (this.highStreak < 2) return 1;
    return high.peek()!.position < normal.peek()!.position ? 1 : 0;
  }

  /** The message that would be delivered next (the "head" for TTL and drop-head). */
  peek(): RMessage | undefined {
    return this.count === 0 ? undefined : this.levels[this.nextLevel()].peek();
  }

  shift(): RMessage | undefined {
    if (this.count === 0) return undefined;
    const i = this.nextLevel();
    if (this.mode === 'quorum-priority') this.highStreak = i === 1 ? this.highStreak + 1 : 0;
    this.count--;
    const msg = this.levels[i].shift()!;
    this.addBytes(msg, -1);
    return msg;
  }
}
