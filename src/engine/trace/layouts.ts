// Writer layouts: the fixed keys a hot-path writer always writes (generic-records.ts,
// services/records.ts, services/publishing.ts), resolved once per run to the shape they lead to,
// so an event or an object is written without a step per key. TraceLayout is an event's kind and
// keys (TraceColumns.openLayout); PayloadLayout an object's keys (PayloadStore.openLayout). The
// stores resolve them; what they write is what `append`/`value` write for the same input.

import type { TraceKind } from './types';
import type { ShapeNode as EventShapeNode, TraceColumns } from './columns';
import type { PayloadStore, ShapeNode } from './payload';

/**
 * A writer's fixed event layout: its kind and its keys after seq, tick, kind, in order (actor
 * first; actor, messageId, correlationId and deliveryId in their columns, the rest in the
 * payload). Resolved once per columns to its shape (TraceColumns.openLayout), so an event takes
 * its shape and string codes at once instead of a step per key: the same shape `append` reaches
 * for an input with those keys, so the same event.
 */
export class TraceLayout {
  /** The columns `node` belongs to. */
  columns: TraceColumns | null = null;
  node: EventShapeNode | null = null;
  /** The actor last written with this layout, and its code (a writer's actor rarely changes). */
  actor: string | null = null;
  actorCode = 0;
  constructor(
    readonly kind: TraceKind,
    readonly keys: readonly string[],
  ) {}
}

/**
 * An object a writer always writes with the same keys in the same order: its shape found once per
 * store (`openLayout`), so it is written as its tag and shape number, then its values. `nested`
 * are the layouts of objects inside it: their shapes are numbered first, as closing them first
 * numbered them.
 */
export class PayloadLayout {
  store: PayloadStore | null = null;
  id = -1;
  /** The shape node of each key (keyString remembers a key's last string there). */
  nodes: ShapeNode[] = [];
  constructor(
    readonly keys: readonly string[],
    readonly nested: readonly PayloadLayout[] = [],
  ) {}
}
