// Acknowledgements and what brings a message back (ref §2.3, §2.6): basic.ack removes it;
// basic.nack / basic.reject with requeue=false dead-letter it (reason `rejected`); with
// requeue=true — and for every unacked delivery when its channel closes — it is requeued with
// redelivered=true: a classic queue puts it back at its original position; a quorum queue counts
// the return in x-delivery-count and dead-letters it (reason `delivery_limit`) once returned more
// times than its delivery-limit (default 20 in 4.x), puts it back near the head while a limit is
// set, and at the back of the queue when the limit is off (-1). The delivery acknowledgement
// timeout (consumer_timeout, 30 min, checked every minute) closes a channel whose delivery stays
// unacked too long: PRECONDITION_FAILED, its unacked deliveries requeued, and its late acks
// refused with "unknown delivery tag".

import type { Settlement } from '../types';
import { Deque } from '../deque';
import { chooseActive, drainBuffer, scheduleTimeoutCheck } from './consuming';
import type { Consumer, RMessage, RmqCore, Queue, Unacked } from './state';
import { trimToLimits } from './length-limit';

/** AMQP 0-9-1 settles with basic.ack, basic.nack and basic.reject only (ref §2.3). */
export function settlementError(settlement: Settlement): string | undefined {
  if (settlement.outcome === 'abandon') return 'abandon is Service Bus\'s; RabbitMQ returns a message with basic.nack: use ctx.nack({ requeue: true }) (ref §2.3)';
  if (settlement.outcome === 'defer') return 'RabbitMQ has no deferral: a message is acked (ctx.complete()), requeued (ctx.nack({ requeue: true })) or rejected to the dead-letter exchange (ctx.reject()); park it in another queue instead (ref §2.3)';
  return undefined;
}

export function settle(core: RmqCore, deliveryId: string, settlement: Settlement): void {
  const u = core.unacked.get(deliveryId);
  if (!u) return;
  if (u.incarnation === u.consumer.incarnation && core.gate.holdSettle(u.consumer.spec.service, () => settle(core, deliveryId, settlement))) {
    // A blocked connection (alarms.ts): the handler is done and its slot is free, but the broker
    // has not read the ack, so the delivery still counts against the prefetch.
    releaseSlot(u);
    drainBuffer(core, u.consumer);
    core.schedulePump(u.consumer.queue);
    return;
  }
  core.unacked.delete(deliveryId);
  const c = u.consumer;
  const queue = c.queue;
  releaseSlot(u);
  const refs = { messageId: u.msg.message.id, correlationId: u.msg.message.correlationId, deliveryId };
  if (u.done) {
    if (c.opts.autoAck && settlement.outcome !== 'complete') {
      core.host.record({ kind: 'message.dropped', actor: queue.name, ...refs, data: { entity: queue.name, reason: 'automatic ack: the handler failed after the broker forgot the message' }, text: 'lost: with automatic acknowledgement the broker deleted it on delivery, so the failure cannot bring it back' });
    } else if (!c.opts.autoAck) {
      core.host.record({ kind: 'message.settle-failed', actor: queue.name, ...refs, data: { entity: queue.name, consumer: c.spec.service, reason: 'unknown delivery tag' }, text: `${settlement.outcome === 'complete' ? 'basic.ack' : 'basic.nack'} refused: the channel that delivered it was closed (PRECONDITION_FAILED - unknown delivery tag); the message was requeued` });
    }
  } else {
    u.done = true;
    c.unacked.delete(u);
    if (c.unacked.size === 0) c.timeoutAlarm.clear();
    applySettlement(core, queue, c, u, settlement, refs);
  }
  drainBuffer(core, c);
  core.schedulePump(queue);
}

/** The handler that had this delivery finished: its consumer may start another (once). */
function releaseSlot(u: Unacked): void {
  if (u.started && !u.released && u.incarnation === u.consumer.incarnation) {
    u.released = true;
    u.consumer.running--;
  }
}

function applySettlement(core: RmqCore, queue: Queue, c: Consumer, u: Unacked, settlement: Settlement, refs: { messageId: string; correlationId: string; deliveryId: string }): void {
  const msg = u.msg;
  if (settlement.outcome === 'complete') {
    msg.state = 'gone';
    core.host.record({ kind: 'message.acked', actor: queue.name, ...refs, data: { entity: queue.name, consumer: c.spec.service } });
    return;
  }
  const again = settlement.outcome === 'nack' ? settlement.requeue : settlement.outcome !== 'dead-letter' && (settlement.outcome !== 'fail' || c.opts.requeueOnFailure);
  const method = settlement.outcome === 'nack' ? settlement.method : settlement.outcome === 'dead-letter' ? 'basic.reject' : 'basic.nack';
  if (!again) {
    msg.state = 'gone';
    core.host.record({ kind: 'message.abandoned', actor: queue.name, ...refs, data: { entity: queue.name, consumer: c.spec.service, requeued: false }, text: `${method}(requeue=false): not requeued, so it is dead-lettered or discarded` });
    core.deadLetter(queue, msg, 'rejected', settlement.outcome === 'dead-letter' ? settlement.reason : undefined);
    return;
  }
  core.host.record({ kind: 'message.abandoned', actor: queue.name, ...refs, data: { entity: queue.name, consumer: c.spec.service, requeued: true }, text: `${method}(requeue=true): ${whereRequeued(queue, msg)}; the next delivery has redelivered=true` });
  requeue(core, queue, [msg]);
}

/** Where a returned message goes in this queue (ref §2.3, §2.6; RabbitMQ quorum queue docs, "Repeated requeues"). */
function whereRequeued(queue: Queue, msg: RMessage): string {
  if (queue.opts.type !== 'quorum') return 'back at its original position, ahead of the messages that were behind it';
  const count = `x-delivery-count ${msg.returns + 1}`;
  if (queue.opts.deliveryLimit === null) return `to the back of quorum queue ${queue.name} (no delivery-limit: x-delivery-limit -1), ${count}`;
  return `back near the head of quorum queue ${queue.name}, ${count} of delivery-limit ${queue.opts.deliveryLimit}`;
}

/** Returns messages to the queue (ref §2.3); quorum queues count returns and enforce the delivery limit (ref §2.6). */
export function requeue(core: RmqCore, queue: Queue, msgs: RMessage[]): void {
  let back = 0;
  for (const msg of msgs) {
    msg.redelivered = true;
    if (queue.opts.type === 'quorum') msg.returns++;
    const limit = queue.opts.deliveryLimit;
    if (limit !== null && msg.returns > limit) {
      msg.state = 'gone';
      core.deadLetter(queue, msg, 'delivery_limit', `returned ${msg.returns} times > delivery-limit ${limit}`);
      continue;
    }
    msg.state = 'ready';
    back++;
    if (queue.opts.type === 'quorum' && limit === null) {
      msg.position = queue.positionNext++;
      queue.ready.push(msg);
    } else queue.ready.insert(msg);
  }
  if (back) {
    trimToLimits(core, queue);
    core.schedulePump(queue);
  }
}

/** The channel is gone: every unacked delivery is requeued (ref §2.3) and later acks on it are refused. */
function closeChannel(core: RmqCore, c: Consumer, why: string): void {
  const msgs: RMessage[] = [];
  for (const u of c.unacked) {
    u.done = true;
    msgs.push(u.msg);
    core.host.record({
      kind: 'message.abandoned', actor: c.queue.name, messageId: u.msg.message.id, correlationId: u.msg.message.correlationId, deliveryId: u.delivery.id,
      data: { entity: c.queue.name, consumer: c.spec.service, requeued: true }, text: `${why} with the message unacked: requeued automatically (${whereRequeued(c.queue, u.msg)})`,
    });
  }
  c.unacked.clear();
  c.buffer = new Deque();
  c.timeoutAlarm.clear();
  requeue(core, c.queue, msgs);
}

/** The consumer's process died: its channel closed (ref §2.3). */
export function consumerDown(core: RmqCore, consumerId: string): void {
  const c = core.consumers.get(consumerId);
  if (!c || !c.up) return;
  c.up = false;
  c.running = 0;
  closeChannel(core, c, `${c.spec.service}'s channel closed`);
  chooseActive(core, c.queue);
  core.schedulePump(c.queue);
}

export function consumerUp(core: RmqCore, consumerId: string): void {
  const c = core.consumers.get(consumerId);
  if (!c || c.up) return;
  c.up = true;
  c.incarnation++;
  c.channel++;
  c.tagNext = 1;
  chooseActive(core, c.queue);
  core.schedulePump(c.queue);
}

/** consumer_timeout (ref §2.3; RabbitMQ docs "Delivery Acknowledgement Timeout"). */
export function checkConsumerTimeout(core: RmqCore, c: Consumer): void {
  if (!c.up || c.unacked.size === 0) return;
  const now = core.host.now();
  const timeout = c.queue.opts.consumerTimeoutTicks;
  let late: Unacked | null = null;
  let oldest = Infinity;
  for (const u of c.unacked) {
    if (now - u.deliveredTick > timeout && (!late || u.deliveredTick < late.deliveredTick)) late = u;
    oldest = Math.min(oldest, u.deliveredTick);
  }
  if (!late) return scheduleTimeoutCheck(c, oldest);
  const tag = late.delivery.props.deliveryTag;
  core.host.record({
    kind: 'channel.closed', actor: c.queue.name, messageId: late.msg.message.id, correlationId: late.msg.message.correlationId, deliveryId: late.delivery.id,
    data: { entity: c.queue.name, consumer: c.spec.service, reason: 'PRECONDITION_FAILED', unacked: c.unacked.size },
    text: `consumer ${c.spec.service} on channel ${c.channel} timed out waiting for an acknowledgement of delivery tag ${tag} (consumer_timeout ${timeout} ms, checked every minute): channel closed with PRECONDITION_FAILED; its ${c.unacked.size} unacked deliveries are requeued and a new channel is opened, while the handler is still running`,
  });
  closeChannel(core, c, `channel ${c.channel} of ${c.spec.service} closed by consumer_timeout`);
  c.channel++;
  c.tagNext = 1;
  core.schedulePump(c.queue);
}
