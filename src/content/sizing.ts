/**
 * Back-of-envelope sizing, the arithmetic a system-design interview expects on the whiteboard:
 * - Little's law: work in flight L = arrival rate λ × time in the system W, so the consumers a
 *   flow needs are L divided by what one consumer holds at once, at a target utilisation (a
 *   consumer kept 100 % busy has an ever-growing queue).
 * - Partitions for a target throughput: at least max(target / per-partition produce rate,
 *   target / per-partition consume rate) — a partition is read by one member of a group at a
 *   time, in order, so consumption caps it (Jun Rao, "How to choose the number of
 *   topics/partitions in a Kafka cluster?", Confluent).
 * - Storage for a replay window: rate × message size × retention × replication factor.
 * - Consumer lag in time: how stale the newest processed message is, and how long a backlog
 *   takes to drain when consumers are faster than producers (never, when they are not).
 * Every function refuses a value that makes no sense with a message naming it.
 */

function need(name: string, value: number, min = 0, strict = true): number {
  if (!Number.isFinite(value) || (strict ? value <= min : value < min)) throw new RangeError(`${name} must be a number ${strict ? '>' : '≥'} ${min}, got ${value}`);
  return value;
}

export interface LittleResult {
  /** Messages being worked on at any moment, on average. */
  inFlight: number;
  /** Consumer instances needed at the target utilisation. */
  consumers: number;
}

/** Little's law: `ratePerSecond` arrivals, `serviceMs` each, `concurrencyPerConsumer` at once, kept at most `utilisation` busy. */
export function littlesLaw(ratePerSecond: number, serviceMs: number, concurrencyPerConsumer = 1, utilisation = 0.7): LittleResult {
  need('rate', ratePerSecond, 0, false);
  need('time per message', serviceMs);
  need('concurrency per consumer', concurrencyPerConsumer);
  if (!(utilisation > 0 && utilisation <= 1)) throw new RangeError(`utilisation must be in (0, 1], got ${utilisation}`);
  const inFlight = (ratePerSecond * serviceMs) / 1000;
  return { inFlight, consumers: Math.max(1, Math.ceil(inFlight / (concurrencyPerConsumer * utilisation) - 1e-9)) };
}

/** Partitions for `targetPerSecond`, given what one partition takes in (`producePerPartition`) and what one consumer drains from it. */
export function partitionsFor(targetPerSecond: number, producePerPartition: number, consumePerPartition: number): number {
  need('target rate', targetPerSecond, 0, false);
  need('produce rate per partition', producePerPartition);
  need('consume rate per partition', consumePerPartition);
  return Math.max(1, Math.ceil(Math.max(targetPerSecond / producePerPartition, targetPerSecond / consumePerPartition) - 1e-9));
}

/** A sequential consumer's rate from its time per message. */
export function ratePerSecondFromMs(serviceMs: number): number {
  return 1000 / need('time per message', serviceMs);
}

/** Bytes kept for a replay window of `retentionHours` at `ratePerSecond` messages of `messageBytes`, `replicationFactor` copies. */
export function retentionBytes(ratePerSecond: number, messageBytes: number, retentionHours: number, replicationFactor = 3): number {
  need('rate', ratePerSecond, 0, false);
  need('message size', messageBytes);
  need('retention', retentionHours);
  need('replication factor', replicationFactor, 1, false);
  return ratePerSecond * messageBytes * retentionHours * 3600 * replicationFactor;
}

export interface LagResult {
  /** How far behind the newest processed message is, in seconds (lag ÷ produce rate). */
  behindSeconds: number;
  /** Seconds to drain the backlog at these rates; null when consumers are not faster than producers. */
  drainSeconds: number | null;
}

/** Consumer lag `lagMessages` in time, with producers at `producePerSecond` and consumers at `consumePerSecond`. */
export function lagInTime(lagMessages: number, producePerSecond: number, consumePerSecond: number): LagResult {
  need('lag', lagMessages, 0, false);
  need('produce rate', producePerSecond);
  need('consume rate', consumePerSecond, 0, false);
  const surplus = consumePerSecond - producePerSecond;
  return { behindSeconds: lagMessages / producePerSecond, drainSeconds: lagMessages === 0 ? 0 : surplus > 0 ? lagMessages / surplus : null };
}

/** 1536 → "1.5 KiB"; binary units, as disks and brokers report them. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/** 5400 → "1 h 30 min"; a duration for people. */
export function formatSeconds(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 120) return `${Math.round(seconds * 10) / 10} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${minutes % 60 ? `${minutes % 60} min` : ''}`.trim() : `${Math.round(hours / 24)} days`;
}
