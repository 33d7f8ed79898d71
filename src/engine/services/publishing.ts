// Publishing a message: record it, let faults in transit drop or delay it, and hand it to the
// broker that owns the destination — or record it as unroutable when nothing does.

import type { World } from '../world';
import type { Message } from '../brokers/types';

export type PublishVia = 'direct' | 'outbox' | 'redrive' | 'redelivery' | 'workload';

export function publishToBroker(world: World, message: Message, destination: string, via: PublishVia, delayTicks?: number): void {
  world.record({
    kind: 'message.published', actor: message.producer, messageId: message.id,
    correlationId: message.correlationId, causationId: message.causationId ?? undefined,
    data: { type: message.type, messageKind: message.kind, destination, body: message.body, headers: message.headers, via, ...(message.key !== undefined ? { key: message.key } : {}) },
  });
  const broker = world.brokerOf.get(destination);
  const arrive = () => {
    if (broker) {
      broker.publish(message, destination);
      for (const hook of world.hooks) hook.arrived?.(message, destination);
    } else world.record({ kind: 'message.unroutable', actor: 'broker', messageId: message.id, correlationId: message.correlationId, data: { destination }, text: `no entity named "${destination}": the message is lost` });
  };
  const hand = () => {
    for (const hook of world.hooks) {
      const d = hook.inTransit?.(message, destination);
      if (d?.drop) {
        world.record({ kind: 'message.dropped', actor: 'broker', messageId: message.id, correlationId: message.correlationId, data: { entity: destination, reason: d.drop }, text: `lost on the way to ${destination}: ${d.drop}` });
        return;
      }
      if (d?.defer) return d.defer(arrive);
    }
    arrive();
  };
  if (delayTicks && delayTicks > 0) world.at(world.now() + delayTicks, hand);
  else hand();
}
