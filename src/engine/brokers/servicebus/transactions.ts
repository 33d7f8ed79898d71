// Transactions (ref §1.9; Microsoft Learn "Overview of Service Bus transaction processing"):
// Send, Complete, Abandon, DeadLetter and Defer in one scope succeed or fail together. With
// send-via the sends go through the entity the message was received from, and the settlement of
// that message commits with them. Here: a commit first checks every lock it settles is still
// held (a lost lock rolls the whole transaction back), then applies the settlements; the
// receiver's call slot stays busy until the handler returns (locks.ts frees it then).

import type { Settlement } from '../types';
import { applySettlement } from './locks';
import type { SbCore } from './state';

export function transactionError(core: SbCore, deliveryIds: string[]): string | undefined {
  for (const id of deliveryIds) {
    const lock = core.locks.get(id);
    if (!lock) return `the message of delivery ${id} is no longer held by this receiver`;
    if (!lock.peekLock) return `${lock.msg.message.id} was received in ReceiveAndDelete mode: there is nothing to settle`;
    if (lock.done) return `MessageLockLostException: the lock on ${lock.msg.message.id} expired at ${lock.lockedUntil}, so it cannot be settled in the transaction`;
  }
  return undefined;
}

export function commitSettlement(core: SbCore, deliveryId: string, settlement: Settlement): void {
  const lock = core.locks.get(deliveryId)!;
  applySettlement(core, lock, settlement, { messageId: lock.msg.message.id, correlationId: lock.msg.message.correlationId, deliveryId });
  lock.settledEarly = true;
}
