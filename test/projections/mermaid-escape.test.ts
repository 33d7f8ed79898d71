// Names and texts are untrusted (a scenario from a link names services, entities and message
// types; handler errors are strings a handler chose). Every one of them reaches the mermaid
// text of the Mermaid view and the exports, so none may open a directive (`%%{init: …}%%`), a
// comment, a new statement (`click`, `link`, a line break, `;`), an entity code or HTML.

import { describe, expect, it } from 'vitest';
import { mermaidText, traceToMermaid } from '../../src/projections/mermaid';
import { ev, traceOf } from './trace-fixture';

const DIRECTIVE = '%%{init: {"themeCSS": "svg{background:url(https://evil.example/x.png)}"}}%%';
const HOSTILE = [
  DIRECTIVE,
  'A %% comment',
  'B\nclick P0 call alert(1)',
  'C;link P0: x @ https://evil.example',
  'D\r\n%%{init:{}}%%',
  'E\u2028click P1 href "javascript:alert(1)"',
  '<img src=x onerror=alert(1)>',
  'F #59; G',
  '%%%{wrap}%%%',
];

/** The text each statement carries (after `as` or `:`), where a name lands. */
function payloads(text: string): string[] {
  return text.split('\n').slice(1).filter(Boolean).map((line) => line.replace(/^ {2}(participant P\d+ as |[^:]*: )/, ''));
}

describe('mermaid text escaping', () => {
  it.each(HOSTILE)('mermaidText(%j) opens no directive, comment, statement or tag', (name) => {
    const out = mermaidText(name);
    expect(out).not.toMatch(/%%/);
    expect(out).not.toMatch(/[\n\r\u2028\u2029;#<>]/);
  });

  it('keeps ordinary names as they are', () => {
    expect(mermaidText('orders.dlq')).toBe('orders.dlq');
    expect(mermaidText('payments/$deadletterqueue')).toBe('payments/$deadletterqueue');
    expect(mermaidText('50% off')).toBe('50% off');
  });

  it('escapes hostile service, entity, message type, error and fault names in a whole trace', async () => {
    const [svc, entity, type, error, fault, consumer, op] = [HOSTILE[0]!, HOSTILE[2]!, HOSTILE[3]!, HOSTILE[5]!, HOSTILE[1]!, HOSTILE[6]!, HOSTILE[8]!];
    const published = { type, messageKind: 'command' as const, destination: entity, body: {}, headers: {}, via: 'direct' as const };
    const trace = traceOf(
      ev('message.published', svc, published, { messageId: 'm-1' }),
      ev('message.delivered', entity, { entity, consumer, props: { deliveryCount: 2 } }, { messageId: 'm-1', deliveryId: 'd-1' }),
      ev('handler.failed', consumer, { service: consumer, handler: 'h', error, transient: true }, { messageId: 'm-1' }),
      ev('message.dead-lettered', entity, { entity, dlq: HOSTILE[4]!, reason: DIRECTIVE }, { messageId: 'm-1' }),
      ev('fault.injected', svc, { fault, target: svc }),
      ev('call.started', svc, { from: svc, to: consumer, operation: op, callId: 'k-1', timeoutTicks: 10 }, { messageId: 'm-1' }),
    );
    const text = traceToMermaid(trace, { acks: true, commits: true });
    expect(text).not.toMatch(/%%/);
    expect(text).not.toMatch(/[<;#\r\u2028\u2029]/);
    // One statement per line: 4 participants + 6 events, no line a name started.
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(1 + 4 + 6);
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {2}(participant P\d+ as |P\d+(->>|-->>|-x|--x)P\d+: |Note over P\d+: )/);
    for (const p of payloads(text)) expect(p).not.toMatch(/^\s*(click|link|links|%%)/);
    await expect(text).toMatchFileSnapshot('./__golden__/hostile-names.mmd');
  });
});
