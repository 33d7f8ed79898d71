// Names in an AsyncAPI document: channel, operation and message ids are map keys the
// specification restricts to letters, digits, `.`, `-` and `_`, while Brokerlab names may hold
// slashes or spaces (a Service Bus subscription "orders/eu", a service "Order Saga"). One
// function turns a name into a key and keeps keys unique within their map; the real name
// always travels beside the key (a channel's `address`, a message's `name`).

/** A key the AsyncAPI schema accepts for `name`, not yet in `taken` (which it is added to). */
export function uniqueKey(name: string, taken: Set<string>): string {
  const base = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'item';
  let key = base;
  for (let i = 2; taken.has(key); i++) key = `${base}_${i}`;
  taken.add(key);
  return key;
}

/** A service or handler name from free text ("Streetlights Kafka API" → "Streetlights-Kafka-API"). */
export function nameFrom(text: string, fallback: string): string {
  const name = text.trim().replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return name.length > 0 ? name.slice(0, 60) : fallback;
}
