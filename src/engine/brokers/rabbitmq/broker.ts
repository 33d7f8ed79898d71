// The RabbitMQ broker model (AMQP 0-9-1), the Broker facade: it builds the vhost — exchanges
// with their bindings, queues with their arguments — and hands each call to the module that
// holds its concept: routing (exchanges, bindings, alternate exchanges), publishing (mandatory,
// max length, TTL, priority), confirms (publisher confirms), consuming (prefetch, round-robin, single active consumer), acks
// (ack/nack/reject, requeue position, quorum delivery limit, channel closure, consumer_timeout),
// dead-letter (DLX, x-death, first/last-death headers, TTL at the head), alarms (memory and disk
// alarms block publishing connections). Decisions are recorded with explanations.

import type { Broker, BrokerHost, ConsumerSpec, Message, PublishConfirm, Settlement } from '../types';
import type { EntitySpec, Scenario } from '../../scenario/types';
import type { Json } from '../../scenario/json';
import { Alarm } from '../shared/alarm';
import { isObj, type Obj } from '../shared/options';
import { bindingsOf, queueOptions, type ExchangeType } from './options';
import { ReadyQueue } from './ready';
import { publish, enqueue } from './publishing';
import { deadLetter, expireHead } from './dead-letter';
import { addConsumer, schedulePump } from './consuming';
import { checkConsumerTimeout, consumerDown, consumerUp, settle, settlementError } from './acks';
import type { Queue, RmqCore } from './state';
import { confirmConfig } from './confirms';
import { addStreamConsumer, appendToStream, newStream, settleStream, streamConsumerDown, streamConsumerUp, type Streams } from './stream';
import { streamViewNames } from './validate';
import { ConnectionGate, type AlarmResource } from './alarms';

export class RabbitMqBroker implements Broker {
  readonly kind = 'rabbitmq' as const;
  private readonly core: RmqCore;
  private readonly streams: Streams = { byQueue: new Map(), consumers: new Map(), deliveries: new Map() };
  /** Each stream consumer's view ("events/Analytics"), known before the run (rabbitMqNames). */
  private readonly streamViews: string[];

  constructor(specs: EntitySpec[], host: BrokerHost, scenario: Scenario) {
    this.streamViews = streamViewNames(specs, scenario);
    const core: RmqCore = {
      host, exchanges: new Map(), queues: new Map(), unacked: new Map(), consumers: new Map(), confirms: new Map(),
      gate: new ConnectionGate(host, new Set(scenario.services.filter((s) => s.rabbitmq?.publisherConnection === 'separate').map((s) => s.name))),
      schedulePump: (queue) => schedulePump(core, queue),
      enqueue: (queue, msg, confirming) => enqueue(core, queue, msg, confirming),
      deadLetter: (queue, msg, reason, detail) => deadLetter(core, queue, msg, reason, detail),
      appendToStream: (queue, msg) => appendToStream(core, this.streams, queue.stream!, msg),
    };
    this.core = core;
    for (const spec of specs) {
      const confirms = confirmConfig(spec as Obj);
      if (confirms) core.confirms.set(spec.name, confirms);
      if (spec.type === 'exchange') {
        const alt = (spec as Obj).alternateExchange;
        core.exchanges.set(spec.name, { name: spec.name, type: (spec.exchangeType as ExchangeType) ?? 'direct', alternate: typeof alt === 'string' ? alt : null, bindings: [] });
      } else if (spec.type === 'queue') {
        core.queues.set(spec.name, this.newQueue(spec.name, spec as Obj));
      }
    }
    for (const spec of specs) {
      for (const b of bindingsOf(spec as Obj)) {
        core.exchanges.get(b.exchange)?.bindings.push({ destination: spec.name, toExchange: spec.type === 'exchange', key: b.key ?? '', args: b.arguments ?? {} });
      }
    }
    this.warnMissingDeadLetterExchanges();
  }

  /** RabbitMQ accepts a DLX that does not exist (it "should exist by the time messages need to be dead-lettered"); we say so once, at start. */
  private warnMissingDeadLetterExchanges(): void {
    for (const q of this.core.queues.values()) {
      const dlx = q.opts.deadLetterExchange;
      if (dlx === null || dlx === '' || this.core.exchanges.has(dlx)) continue;
      this.core.host.record({
        kind: 'broker.warned', actor: q.name, data: { entity: q.name, warning: `x-dead-letter-exchange "${dlx}" does not exist` },
        text: `${q.name} names dead-letter exchange "${dlx}", which does not exist: RabbitMQ accepts this, and every message dead-lettered from ${q.name} will be dropped silently`,
      });
    }
  }

  private newQueue(name: string, spec: Obj): Queue {
    const opts = queueOptions(spec);
    const mode = opts.maxPriority !== null ? 'classic-priority' : opts.type === 'quorum' ? 'quorum-priority' : 'fifo';
    const queue: Queue = {
      name, opts, ready: new ReadyQueue(mode, opts.maxPriority ?? 0, opts.maxLengthBytes !== null), positionNext: 0, consumers: [], roundRobin: 0, active: null,
      ttlAlarm: undefined as unknown as Alarm, pumpScheduled: false,
    };
    queue.ttlAlarm = new Alarm(this.core.host, () => expireHead(this.core, queue));
    if (opts.type === 'stream') {
      queue.stream = newStream(queue, (isObj(spec.arguments) ? spec.arguments : {}) as Record<string, Json>);
      this.streams.byQueue.set(name, queue.stream);
    }
    return queue;
  }

  entityNames(): string[] {
    return [...this.core.exchanges.keys(), ...this.core.queues.keys(), ...this.streamViews];
  }

  /** A queue name as destination means the default exchange with routing key = queue name (ref §2.1). */
  publish(message: Message, destination: string): void {
    publish(this.core, message, destination);
  }

  /** Publisher confirms the publishing handler awaits (confirms.ts): ack or nack, no re-publishing by the broker. */
  publishConfirmed(message: Message, destination: string, confirm: PublishConfirm): void {
    publish(this.core, message, destination, 1, confirm);
  }

  /** Publisher confirms: how long the publisher waits for a confirm before publishing again, if it uses them. */
  confirmTimeoutMs(destination: string): number | undefined {
    return this.core.confirms.get(destination)?.timeoutMs;
  }

  addConsumer(spec: ConsumerSpec): void {
    if (this.streams.byQueue.has(spec.entity)) return addStreamConsumer(this.core, this.streams, spec);
    addConsumer(this.core, spec, (c) => checkConsumerTimeout(this.core, c));
  }

  settlementError(settlement: Settlement): string | undefined {
    return settlementError(settlement);
  }

  settle(deliveryId: string, settlement: Settlement): void {
    if (settleStream(this.core, this.streams, deliveryId, settlement)) return;
    settle(this.core, deliveryId, settlement);
  }

  consumerDown(consumerId: string): void {
    if (streamConsumerDown(this.streams, consumerId)) return;
    consumerDown(this.core, consumerId);
  }

  /** A memory or disk alarm goes off for `durationTicks` (the broker-alarm fault). */
  raiseAlarm(resource: AlarmResource, durationTicks: number): void {
    this.core.gate.raise(resource, durationTicks);
  }

  serviceDown(service: string): void {
    this.core.gate.serviceDown(service);
  }

  consumerUp(consumerId: string): void {
    if (streamConsumerUp(this.core, this.streams, consumerId)) return;
    consumerUp(this.core, consumerId);
  }
}
