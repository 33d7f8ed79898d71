// Resource alarms (RabbitMQ docs "Memory and Disk Alarms", "Blocked Connection Notifications"):
// when a node's memory use passes vm_memory_high_watermark or its free disk falls below
// disk_free_limit, the broker blocks every connection that publishes by no longer reading its
// socket. A connection that only consumes is not blocked; one that publishes while the alarm is
// on is blocked (connection.blocked), and from then on nothing it sends is read — not its
// publishes, and not the acks of consumers on the same connection, which is why the docs advise
// one connection for publishing and another for consuming. When the alarm clears the broker
// reads on, in order (connection.unblocked). What was still in a blocked client's buffer when
// its process died never reached the broker.
//
// A connection here is a service's (its consumers' channels and its publishes; a service that
// declares `rabbitmq: { publisherConnection: 'separate' }` publishes on a second one, as Spring's
// RabbitTemplate.setUsePublisherConnection(true) does), or the workload's outside publisher.

import type { BrokerHost, Message } from '../types';

export type AlarmResource = 'memory' | 'disk';

/** Something a blocked connection sent that the broker has not read yet, in the order sent. */
type Frame = { kind: 'publish'; message: Message; destination: string; send: () => void } | { kind: 'settle'; send: () => void };

interface BlockedConnection {
  name: string;
  service: string;
  frames: Frame[];
}

const RESOURCE_LIMIT: Record<AlarmResource, string> = {
  memory: 'memory use went above vm_memory_high_watermark',
  disk: 'free disk space fell below disk_free_limit',
};

export class ConnectionGate {
  private alarm: { resource: AlarmResource; untilTick: number; clear: () => void } | null = null;
  private readonly blocked = new Map<string, BlockedConnection>();

  /** `separatePublishers`: services that publish on a connection of their own. */
  constructor(private readonly host: BrokerHost, private readonly separatePublishers: ReadonlySet<string>) {}

  /** The connection a service publishes on. */
  private publisherConnection(service: string): string {
    return this.separatePublishers.has(service) ? `${service} (publisher)` : service;
  }

  /** The alarm goes off for `durationTicks` (raised again while on: it lasts until the later end). */
  raise(resource: AlarmResource, durationTicks: number): void {
    const untilTick = this.host.now() + durationTicks;
    if (this.alarm && this.alarm.untilTick >= untilTick) return;
    this.alarm?.clear();
    const clear = this.host.at(untilTick, () => this.clearAlarm());
    const already = this.alarm !== null;
    this.alarm = { resource, untilTick, clear };
    if (already) return;
    this.host.record({
      kind: 'broker.alarm-raised', actor: 'rabbitmq', data: { resource, untilTick },
      text: `${resource} alarm: ${RESOURCE_LIMIT[resource]}; every connection that publishes is now blocked (the node stops reading its socket), connections that only consume go on`,
    });
  }

  /**
   * `service` publishing `message`: true when the broker does not read it now — its publisher
   * connection is, or just became, blocked — and `send` runs when it is unblocked.
   */
  holdPublish(service: string, message: Message, destination: string, send: () => void): boolean {
    if (!this.alarm) return false;
    const connection = this.publisherConnection(service);
    let blocked = this.blocked.get(connection);
    if (!blocked) {
      this.blocked.set(connection, (blocked = { name: connection, service, frames: [] }));
      this.host.record({
        kind: 'connection.blocked', actor: service, messageId: message.id, correlationId: message.correlationId, data: { connection, service, resource: this.alarm.resource },
        text: `${connection}'s connection published during the ${this.alarm.resource} alarm: blocked (connection.blocked) — this publish and everything after it on this connection wait in the client until the alarm clears`,
      });
    }
    blocked.frames.push({ kind: 'publish', message, destination, send });
    return true;
  }

  /** An ack or nack on `connection`: true when it is blocked, and `send` runs when it is unblocked. */
  holdSettle(connection: string, send: () => void): boolean {
    const blocked = this.blocked.get(connection);
    if (!blocked) return false;
    blocked.frames.push({ kind: 'settle', send });
    return true;
  }

  /** `service`'s process died: its blocked connections close, and what they still held never reached the broker. */
  serviceDown(service: string): void {
    for (const [name, conn] of this.blocked) {
      if (conn.service !== service) continue;
      this.blocked.delete(name);
      for (const frame of conn.frames) {
        if (frame.kind !== 'publish') continue; // its deliveries were requeued when its channels closed
        const m = frame.message;
        this.host.record({
          kind: 'message.dropped', actor: service, messageId: m.id, correlationId: m.correlationId, data: { entity: frame.destination, reason: 'lost with a blocked connection' },
          text: `lost: ${service} crashed while its connection was blocked, so this publish never left the client's buffer — the publishing code had moved on as if it was sent`,
        });
      }
    }
  }

  private clearAlarm(): void {
    const resource = this.alarm!.resource;
    this.alarm = null;
    this.host.record({ kind: 'broker.alarm-cleared', actor: 'rabbitmq', data: { resource }, text: `${resource} alarm cleared: blocked connections are read again, in the order they sent` });
    const connections = [...this.blocked.values()];
    this.blocked.clear();
    for (const conn of connections) {
      this.host.record({
        kind: 'connection.unblocked', actor: conn.service, data: { connection: conn.name, service: conn.service, held: conn.frames.length },
        text: `${conn.name}'s connection unblocked (connection.unblocked): the broker reads the ${conn.frames.length} frame(s) it held`,
      });
      for (const frame of conn.frames) frame.send();
    }
  }
}
