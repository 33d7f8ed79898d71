// Maximum message size (Service Bus quotas): a message larger than its queue's or topic's limit
// is refused at the sender — nothing reaches the entity, and the send throws ServiceBusException
// with Reason MessageSizeExceeded. The limit is 256 KB on the Standard tier; on Premium it is an
// entity property, MaxMessageSizeInKilobytes, from 1,024 KB up to 100 MB (on AMQP). The size
// counts the payload and the properties (system and user). The model counts the UTF-8 bytes of
// the body as JSON plus those of the application properties (the message's headers) as JSON:
// deterministic, and the same in Node and the browser. System properties and AMQP framing are
// left out (docs/fidelity.md), so a message near the limit is a few hundred bytes smaller here.
// A check that passes records nothing: scenarios whose messages fit keep their traces.

import type { Message } from '../types';
import { utf8Bytes } from '../shared/utf8';

/** Standard tier: 256 KB; Premium: MaxMessageSizeInKilobytes 1,024 to 102,400 (100 MB). */
export const MESSAGE_SIZE = {
  standardKilobytes: 256,
  premiumKilobytesMin: 1_024,
  premiumKilobytesMax: 102_400,
} as const;

/** The Reason of the ServiceBusException a send over the limit throws. */
export const MESSAGE_SIZE_EXCEEDED = 'MessageSizeExceeded';

/** The entity's limit in bytes from its MaxMessageSizeInKilobytes (absent: Standard, 256 KB). */
export function maxMessageSizeBytes(kilobytes: unknown): number {
  return (typeof kilobytes === 'number' ? kilobytes : MESSAGE_SIZE.standardKilobytes) * 1024;
}

/** The bytes a message counts against the limit: its body and its application properties, as UTF-8 JSON. */
export function messageSizeBytes(message: Message): number {
  return utf8Bytes(JSON.stringify(message.body) ?? 'null') + utf8Bytes(JSON.stringify(message.headers));
}

/** Why the sender's send fails (the message is over `limitBytes`), or undefined when it fits. */
export function messageSizeError(message: Message, destination: string, limitBytes: number): string | undefined {
  const body = JSON.stringify(message.body) ?? 'null';
  const headers = JSON.stringify(message.headers);
  // A UTF-16 code unit is at most 3 UTF-8 bytes: most messages are far below any limit, and counted no further.
  if ((body.length + headers.length) * 3 <= limitBytes) return undefined;
  const size = utf8Bytes(body) + utf8Bytes(headers);
  if (size <= limitBytes) return undefined;
  const kb = limitBytes / 1024;
  // Digits grouped by hand, not toLocaleString: trace text must not depend on the host's ICU.
  const n = (x: number) => String(x).replace(/\B(?=(\d{3})+$)/g, ',');
  const tier = kb === MESSAGE_SIZE.standardKilobytes ? 'the Standard tier\'s limit' : `its MaxMessageSizeInKilobytes (Premium)`;
  return `ServiceBusException (${MESSAGE_SIZE_EXCEEDED}): the message is ${n(size)} bytes (body and properties), larger than the ${n(kb)} KB (${n(limitBytes)} bytes) ${destination} accepts — ${tier}; nothing was sent`;
}
