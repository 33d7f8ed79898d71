// Ordering by key on Kafka: Ordering publishes each order's status changes (placed → paid →
// shipped) to a 3-partition topic; Tracking keeps a read model with the latest status and
// processes partitions in parallel. Order holds only within a partition, so an order's events
// must share one: the record key decides.

import { defineLessonScenario } from '../../../src/content/types';

const status = (s: string, startTick: number) => ({
  kind: 'steady' as const, service: 'Ordering', handler: 'ChangeStatus', count: 4, intervalTicks: 100, startTick,
  body: { orderId: 'order-{n}', status: s, eventId: `evt-{n}-${s}` },
});

export default defineLessonScenario({
  id: 'lesson-ordering-by-key',
  title: 'Ordering and partitioning by key',
  summary: "Tracking must see each order's status changes in the order they happened.",
  broker: 'kafka',
  entities: [{ type: 'topic', name: 'order-status', partitions: 3 }],
  messages: [{ type: 'OrderStatusChanged', kind: 'event', to: 'order-status', description: "An order's status changed." }],
  services: [
    { name: 'Ordering', handlers: [{ name: 'ChangeStatus', code: { file: 'Ordering/ChangeStatus.ts' } }] },
    {
      name: 'Tracking',
      handlers: [{ name: 'Project', consumes: 'order-status', concurrency: 3, options: { groupId: 'tracking', autoOffsetReset: 'earliest', commit: 'after-processing' }, code: { file: 'Tracking/Project.ts' } }],
    },
  ],
  workload: [status('placed', 0), status('paid', 15), status('shipped', 30)],
  checks: [
    { name: 'db-predicate', options: { rules: [{ service: 'Tracking', table: 'orders', expect: { count: 4, every: { status: 'shipped' } }, describe: 'every order ends "shipped" in the read model' }] } },
    { name: 'per-key-order', options: { consumers: ['Tracking/Project'], keyField: 'orderId', minPartitions: 2 } },
  ],
  limits: { ticksMax: 60_000 },
});
