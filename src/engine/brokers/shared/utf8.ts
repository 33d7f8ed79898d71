// Sizes in bytes, as brokers count them: the UTF-8 length of a text, and of a message body
// serialised as JSON (the model's wire form). Service Bus's size limit and RabbitMQ's
// x-max-length-bytes both count bytes, not UTF-16 code units; computed by hand so the figure is
// the same in Node and every browser without an encoder allocation per message.

import type { Message } from '../types';

const NOT_ASCII = /[^\u0000-\u007f]/;

/** UTF-8 length of a string: 1 byte below U+0080, 2 below U+0800, 4 for a surrogate pair, else 3. */
export function utf8Bytes(text: string): number {
  if (!NOT_ASCII.test(text)) return text.length; // the common case, answered by the regex engine
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // the pair is 4 bytes for 2 code units
      i++;
    } else n += 2;
  }
  return n;
}

/** The body's bytes on the wire: its JSON as UTF-8 (RabbitMQ's x-max-length-bytes counts bodies only). */
export function bodyBytes(message: Message): number {
  return utf8Bytes(JSON.stringify(message.body) ?? 'null');
}
