// The state of a run as seen through its trace, at any position: per entity how many messages
// are ready, in flight and dead-lettered; per service whether it is up, what is running and its
// committed database; counts of every event kind. It is a fold over trace events, so any view
// of "the world at step N" is derived from the trace alone — the single source of truth.
//
// The parts that grow with a run — each database table, and the per-message bookkeeping of
// where each copy is — are B+ trees (sorted-btree) whose copies share their nodes until one
// side writes: copying a state costs what changed since, not what it holds. So checkpoints
// along a long run (projections/state-at.ts, Simulation.seek) hold what changed between them.

import BTreeExport from 'sorted-btree';
import type { TraceEvent, TraceKind } from '../trace/types';
import type { Json } from '../scenario/json';

// The package is CommonJS with `exports.default`: bundlers and vitest hand over the class, Node's
// own loader (the CLI, `npm run bench`) the exports object that holds it.
const BTree = ((BTreeExport as unknown as { default?: typeof BTreeExport }).default ?? BTreeExport) as typeof BTreeExport;
type BTree<K, V> = BTreeExport<K, V>;

export interface EntityState {
  ready: number;
  inFlight: number;
  deadLettered: number;
  enqueued: number;
  acked: number;
  /** Service Bus: deferred messages, hidden from receives until fetched by SequenceNumber (absent: none ever). */
  deferred?: number;
}

/** A table's committed rows by key, in key order. Copies share nodes: treat a state's tables as read-only. */
export type Table = BTree<string, Json>;

export interface ServiceState {
  up: boolean;
  running: number;
  /** Its RabbitMQ connections blocked by a memory or disk alarm (brokers/rabbitmq/alarms.ts). */
  blocked: number;
  /** Committed tables by name (a crash leaves them as they were: the database survives). */
  db: Map<string, Table>;
}

/** A Kafka topic's partition logs: first and next offset per partition (the log end offset). */
export interface KafkaTopicState {
  logStart: number[];
  logEnd: number[];
}

/**
 * A consumer group's view of a topic ("orders/billing"): per partition the committed offset (the
 * next record to read; null before the first commit), the member that owns it, and the lag =
 * log end − committed offset (before any commit, counted from where the group started reading,
 * as `offset.reset` recorded, else from the log start). `totalLag` sums the partitions.
 */
export interface KafkaGroupState {
  topic: string;
  group: string;
  committed: (number | null)[];
  /** Where the group started reading a partition without a committed offset (auto.offset.reset). */
  start: (number | null)[];
  owner: (string | null)[];
  lag: number[];
  totalLag: number;
}

export interface KafkaState {
  topics: Record<string, KafkaTopicState>;
  /** By group view entity name, `<topic>/<group>`. */
  groups: Record<string, KafkaGroupState>;
}

export interface RunState {
  /** Number of trace events applied. */
  position: number;
  tick: number;
  entities: Record<string, EntityState>;
  services: Record<string, ServiceState>;
  counts: Partial<Record<TraceKind, number>>;
  /**
   * Internal bookkeeping: per "entity message-id", how many copies are ready, in flight and
   * dead-lettered, packed into one number (BUCKET_SPAN per bucket). Messages left in a queue or
   * a dead-letter queue stay here for the rest of the run, so it is a tree whose copies share nodes.
   */
  copies: BTree<string, number>;
  /** Kafka logs, committed offsets and consumer lag; present once a Kafka event was folded. */
  kafka?: KafkaState;
}

/** Keys are strings: plain `<`, not the library's default comparator for mixed types. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function emptyTree<V>(): BTree<string, V> {
  return new BTree<string, V>(undefined, compareKeys);
}

export function emptyState(): RunState {
  return { position: 0, tick: 0, entities: {}, services: {}, counts: {}, copies: emptyTree() };
}

/**
 * A copy to fold on independently. Its trees share their nodes with the original until either
 * writes (so the copy costs the small parts, and later what changes); database values are
 * never mutated in place by the fold (a write replaces the value), so they are shared too.
 */
export function cloneState(s: RunState, withDatabases = true): RunState {
  const entities: Record<string, EntityState> = {};
  for (const name in s.entities) entities[name] = { ...s.entities[name] };
  const services: Record<string, ServiceState> = {};
  for (const name in s.services) {
    const svc = s.services[name];
    services[name] = { up: svc.up, running: svc.running, blocked: svc.blocked, db: withDatabases ? cloneDatabase(svc.db) : new Map() };
  }
  const out: RunState = { position: s.position, tick: s.tick, entities, services, counts: { ...s.counts }, copies: s.copies.clone() };
  if (s.kafka) out.kafka = cloneKafka(s.kafka);
  return out;
}

/** A copy of a service's tables (each shares its nodes with the original until either writes). */
export function cloneDatabase(db: ReadonlyMap<string, Table>): Map<string, Table> {
  const out = new Map<string, Table>();
  for (const [table, rows] of db) out.set(table, rows.clone());
  return out;
}

/** A state as plain data: tables as objects of rows, and none of the fold's bookkeeping. */
export interface PlainRunState extends Omit<RunState, 'services' | 'copies'> {
  services: Record<string, { up: boolean; running: number; blocked: number; db: Record<string, Record<string, Json>> }>;
}

/** The state as plain data (for a structured clone across a worker boundary, or to compare two states). */
export function toPlainState(s: RunState): PlainRunState {
  const entities: Record<string, EntityState> = {};
  for (const name in s.entities) entities[name] = { ...s.entities[name] };
  const services: PlainRunState['services'] = {};
  for (const name in s.services) {
    const svc = s.services[name];
    const db: Record<string, Record<string, Json>> = {};
    // fromEntries defines own properties: a row keyed "__proto__" stays a row.
    for (const [table, rows] of svc.db) Object.defineProperty(db, table, { value: Object.fromEntries(rows.entries()), enumerable: true, writable: true, configurable: true });
    services[name] = { up: svc.up, running: svc.running, blocked: svc.blocked, db };
  }
  const out: PlainRunState = { position: s.position, tick: s.tick, entities, services, counts: { ...s.counts } };
  if (s.kafka) out.kafka = cloneKafka(s.kafka);
  return out;
}

/** A copy of the Kafka part of a state (small: numbers per partition and group). */
export function cloneKafka(k: KafkaState): KafkaState {
  const topics: Record<string, KafkaTopicState> = {};
  for (const name in k.topics) topics[name] = { logStart: [...k.topics[name].logStart], logEnd: [...k.topics[name].logEnd] };
  const groups: Record<string, KafkaGroupState> = {};
  for (const view in k.groups) {
    const g = k.groups[view];
    groups[view] = { topic: g.topic, group: g.group, committed: [...g.committed], start: [...g.start], owner: [...g.owner], lag: [...g.lag], totalLag: g.totalLag };
  }
  return { topics, groups };
}

function kafkaTopic(s: RunState, name: string): KafkaTopicState {
  const k = (s.kafka ??= { topics: {}, groups: {} });
  return (k.topics[name] ??= { logStart: [], logEnd: [] });
}

function kafkaGroup(s: RunState, topic: string, group: string): KafkaGroupState {
  const k = (s.kafka ??= { topics: {}, groups: {} });
  kafkaTopic(s, topic);
  return (k.groups[`${topic}/${group}`] ??= { topic, group, committed: [], start: [], owner: [], lag: [], totalLag: 0 });
}

/** Recomputes a group's lag from the topic's log ends and the group's committed offsets. */
function relag(s: RunState, g: KafkaGroupState): void {
  const t = kafkaTopic(s, g.topic);
  const n = Math.max(t.logEnd.length, g.committed.length, g.owner.length);
  let total = 0;
  for (let p = 0; p < n; p++) {
    const end = t.logEnd[p] ?? 0;
    const from = Math.max(g.committed[p] ?? g.start[p] ?? 0, t.logStart[p] ?? 0);
    const lag = Math.max(0, end - from);
    g.lag[p] = lag;
    g.committed[p] ??= null;
    g.start[p] ??= null;
    g.owner[p] ??= null;
    total += lag;
  }
  g.totalLag = total;
}

function relagTopic(s: RunState, topic: string): void {
  for (const view in s.kafka!.groups) if (s.kafka!.groups[view].topic === topic) relag(s, s.kafka!.groups[view]);
}

const READY = 0;
const IN_FLIGHT = 1;
const DLQ = 2;
type Bucket = typeof READY | typeof IN_FLIGHT | typeof DLQ;
const BUCKET_SPAN = 2 ** 16;
const BUCKET_WEIGHT = [1, BUCKET_SPAN, BUCKET_SPAN * BUCKET_SPAN];

function bucketCount(packed: number, bucket: Bucket): number {
  return Math.floor(packed / BUCKET_WEIGHT[bucket]) % BUCKET_SPAN;
}

function entity(s: RunState, name: string): EntityState {
  return (s.entities[name] ??= { ready: 0, inFlight: 0, deadLettered: 0, enqueued: 0, acked: 0 });
}

function service(s: RunState, name: string): ServiceState {
  return (s.services[name] ??= { up: true, running: 0, blocked: 0, db: new Map() });
}

/** Applies a commit's writes to a service's tables (null deletes the row): what `db.committed` does to a state. */
export function applyCommit(s: RunState, name: string, writes: readonly { table: string; key: string; value: Json | null }[]): void {
  const db = service(s, name).db;
  for (const w of writes) {
    let rows = db.get(w.table);
    if (w.value === null) {
      rows?.delete(w.key);
      continue;
    }
    if (!rows) db.set(w.table, (rows = emptyTree()));
    rows.set(w.key, w.value);
  }
}

/** Moves one copy of message `id` in `name` from bucket `from` (if any) to bucket `to` (if any). */
function move(s: RunState, name: string, id: string, from: Bucket | null, to: Bucket | null): void {
  const key = `${name} ${id}`;
  let packed = s.copies.get(key) ?? 0;
  const e = entity(s, name);
  if (from !== null && bucketCount(packed, from) > 0) {
    packed -= BUCKET_WEIGHT[from];
    adjust(e, from, -1);
  }
  if (to !== null) {
    packed += BUCKET_WEIGHT[to];
    adjust(e, to, +1);
  }
  if (packed === 0) s.copies.delete(key);
  else s.copies.set(key, packed);
}

function adjust(e: EntityState, bucket: Bucket, by: number): void {
  if (bucket === READY) e.ready += by;
  else if (bucket === IN_FLIGHT) e.inFlight += by;
  else e.deadLettered += by;
}

/** Applies one event; mutates and returns `s`. */
export function applyEvent(s: RunState, e: TraceEvent): RunState {
  s.position = e.seq + 1;
  s.tick = e.tick;
  s.counts[e.kind] = (s.counts[e.kind] ?? 0) + 1;
  const id = e.messageId ?? '';
  switch (e.kind) {
    case 'message.enqueued':
      entity(s, e.data.entity).enqueued++;
      move(s, e.data.entity, id, null, READY);
      break;
    case 'message.delivered':
      if (e.data.props?.State === 'Deferred') {
        const ent = entity(s, e.data.entity);
        ent.deferred = Math.max(0, (ent.deferred ?? 0) - 1);
        move(s, e.data.entity, id, null, IN_FLIGHT);
      } else move(s, e.data.entity, id, READY, IN_FLIGHT);
      break;
    case 'message.deferred': {
      const packed = s.copies.get(`${e.data.entity} ${id}`) ?? 0;
      move(s, e.data.entity, id, bucketCount(packed, IN_FLIGHT) > 0 ? IN_FLIGHT : READY, null);
      const ent = entity(s, e.data.entity);
      ent.deferred = (ent.deferred ?? 0) + 1;
      break;
    }
    case 'message.acked':
      entity(s, e.data.entity).acked++;
      move(s, e.data.entity, id, IN_FLIGHT, null);
      break;
    case 'message.abandoned':
    case 'message.lock-expired':
      move(s, e.data.entity, id, IN_FLIGHT, READY);
      break;
    case 'message.dead-lettered': {
      const packed = s.copies.get(`${e.data.entity} ${id}`) ?? 0;
      const fromInFlight = bucketCount(packed, IN_FLIGHT) > 0 && bucketCount(packed, READY) === 0;
      move(s, e.data.entity, id, fromInFlight ? IN_FLIGHT : READY, DLQ);
      break;
    }
    case 'message.forwarded':
      move(s, e.data.entity, id, IN_FLIGHT, null);
      break;
    case 'message.redriven':
      move(s, e.data.entity, id, DLQ, null);
      break;
    case 'message.dropped':
    case 'message.expired':
    case 'message.compacted':
      move(s, e.data.entity, id, READY, null);
      break;
    case 'handler.started':
      service(s, e.data.service).running++;
      break;
    case 'handler.completed':
    case 'handler.failed':
      service(s, e.data.service).running = Math.max(0, service(s, e.data.service).running - 1);
      break;
    case 'service.crashed':
      Object.assign(service(s, e.data.service), { up: false, running: 0, blocked: 0 });
      break;
    case 'connection.blocked':
      service(s, e.data.service).blocked++;
      break;
    case 'connection.unblocked':
      service(s, e.data.service).blocked = Math.max(0, service(s, e.data.service).blocked - 1);
      break;
    case 'service.restarted':
      service(s, e.data.service).up = true;
      break;
    case 'message.partitioned': {
      const t = kafkaTopic(s, e.data.topic);
      for (let p = t.logEnd.length; p <= e.data.partition; p++) {
        t.logEnd[p] = 0;
        t.logStart[p] = 0;
      }
      t.logEnd[e.data.partition] = Math.max(t.logEnd[e.data.partition], e.data.offset + 1);
      relagTopic(s, e.data.topic);
      break;
    }
    case 'retention.deleted': {
      const t = kafkaTopic(s, e.data.topic);
      t.logStart[e.data.partition] = e.data.logStartOffset;
      t.logEnd[e.data.partition] ??= e.data.logStartOffset;
      relagTopic(s, e.data.topic);
      break;
    }
    case 'group.rebalanced': {
      const g = kafkaGroup(s, e.data.topic, e.data.group);
      g.owner = g.owner.map(() => null);
      for (const member in e.data.assignment) for (const p of e.data.assignment[member]) g.owner[p] = member;
      relag(s, g);
      break;
    }
    case 'offset.committed': {
      const g = kafkaGroup(s, e.data.topic, e.data.group);
      g.committed[e.data.partition] = e.data.offset;
      relag(s, g);
      break;
    }
    case 'offset.reset': {
      const g = kafkaGroup(s, e.data.topic, e.data.group);
      // An offline reset (reset-offsets) rewrites the committed offset; the others set where reading starts.
      if (e.data.reason.startsWith('reset-offsets')) g.committed[e.data.partition] = e.data.offset;
      else g.start[e.data.partition] = e.data.offset;
      relag(s, g);
      break;
    }
    case 'db.committed':
      applyCommit(s, e.data.service, e.data.writes);
      break;
  }
  return s;
}

/** Folds trace events [from, to) onto a copy of `start`. */
export function foldTrace(trace: readonly TraceEvent[], start: RunState = emptyState(), to = trace.length): RunState {
  const s = cloneState(start);
  for (let i = s.position; i < to && i < trace.length; i++) applyEvent(s, trace[i]);
  return s;
}
