// The state of a run as seen through its trace, at any position: per entity how many messages
// are ready, in flight and dead-lettered; per service whether it is up, what is running and its
// committed database; counts of every event kind. It is a fold over trace events, so any view
// of "the world at step N" is derived from the trace alone — the single source of truth.

import type { TraceEvent, TraceKind } from '../trace/types';
import type { Json } from '../scenario/json';

export interface EntityState {
  ready: number;
  inFlight: number;
  deadLettered: number;
  enqueued: number;
  acked: number;
}

export interface ServiceState {
  up: boolean;
  running: number;
  db: Record<string, Record<string, Json>>;
}

export interface RunState {
  /** Number of trace events applied. */
  position: number;
  tick: number;
  entities: Record<string, EntityState>;
  services: Record<string, ServiceState>;
  counts: Partial<Record<TraceKind, number>>;
  /** Per entity and message id: copies ready / in flight / dead-lettered (internal bookkeeping). */
  copies: Record<string, [number, number, number]>;
}

export function emptyState(): RunState {
  return { position: 0, tick: 0, entities: {}, services: {}, counts: {}, copies: {} };
}

export function cloneState(s: RunState): RunState {
  return structuredCloneJson(s);
}

function structuredCloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

const READY = 0;
const IN_FLIGHT = 1;
const DLQ = 2;
type Bucket = typeof READY | typeof IN_FLIGHT | typeof DLQ;

function entity(s: RunState, name: string): EntityState {
  return (s.entities[name] ??= { ready: 0, inFlight: 0, deadLettered: 0, enqueued: 0, acked: 0 });
}

function service(s: RunState, name: string): ServiceState {
  return (s.services[name] ??= { up: true, running: 0, db: {} });
}

/** Moves one copy of message `id` in `name` from bucket `from` (if any) to bucket `to` (if any). */
function move(s: RunState, name: string, id: string, from: Bucket | null, to: Bucket | null): void {
  const key = `${name} ${id}`;
  const c = (s.copies[key] ??= [0, 0, 0]);
  const e = entity(s, name);
  if (from !== null && c[from] > 0) {
    c[from]--;
    adjust(e, from, -1);
  }
  if (to !== null) {
    c[to]++;
    adjust(e, to, +1);
  }
  if (c[0] === 0 && c[1] === 0 && c[2] === 0) delete s.copies[key];
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
      move(s, e.data.entity, id, READY, IN_FLIGHT);
      break;
    case 'message.acked':
      entity(s, e.data.entity).acked++;
      move(s, e.data.entity, id, IN_FLIGHT, null);
      break;
    case 'message.abandoned':
    case 'message.lock-expired':
      move(s, e.data.entity, id, IN_FLIGHT, READY);
      break;
    case 'message.dead-lettered': {
      const c = s.copies[`${e.data.entity} ${id}`];
      move(s, e.data.entity, id, c && c[IN_FLIGHT] > 0 && !c[READY] ? IN_FLIGHT : READY, DLQ);
      break;
    }
    case 'message.redriven':
      move(s, e.data.entity, id, DLQ, null);
      break;
    case 'message.dropped':
    case 'message.expired':
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
      Object.assign(service(s, e.data.service), { up: false, running: 0 });
      break;
    case 'service.restarted':
      service(s, e.data.service).up = true;
      break;
    case 'db.committed': {
      const db = service(s, e.data.service).db;
      for (const w of e.data.writes) {
        if (w.value === null) delete db[w.table]?.[w.key];
        else (db[w.table] ??= {})[w.key] = w.value;
      }
      break;
    }
  }
  return s;
}

/** Folds trace events [from, to) onto a copy of `start`. */
export function foldTrace(trace: readonly TraceEvent[], start: RunState = emptyState(), to = trace.length): RunState {
  const s = cloneState(start);
  for (let i = s.position; i < to && i < trace.length; i++) applyEvent(s, trace[i]);
  return s;
}
