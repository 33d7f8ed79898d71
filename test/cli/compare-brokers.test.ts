// Comparing brokers: the same flow, seed and faults on Service Bus, RabbitMQ and Kafka, one JSON
// line per broker from the CLI, with the hash each broker's own run gives. With a crash, Kafka
// re-reads records whose offsets were not committed yet and processes them again; the queue
// brokers redeliver only what was not settled, so Kafka shows more work done twice.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario, type FaultSpec } from '../../src/engine/index';
import { compareBrokers, NoBrokerSwitch } from '../../src/engine/explore/index';
import { builtinScenarios } from '../../src/scenarios/index';

const sim = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sim.ts', ...args], { encoding: 'utf8' });
const orderFlow = builtinScenarios.find((s) => s.id === 'order-flow')!;
const faults = [
  { type: 'crash', service: 'Inventory', atTick: 300, restartAfterTicks: 2000 },
  { type: 'duplicate-delivery', service: 'Inventory', nth: 2 },
] as FaultSpec[];

describe('compare brokers', { timeout: 60_000 }, () => {
  it('runs each mapped broker with the same seed and faults; each row is that broker\'s own run', () => {
    const rows = compareBrokers(orderFlow, { seed: 7, faults });
    expect(rows.map((r) => r.broker)).toEqual(['servicebus', 'rabbitmq', 'kafka']);
    for (const r of rows) {
      const own = runScenario({ ...orderFlow, broker: r.broker }, { seed: 7, faults });
      expect(r.hash).toBe(own.hash);
      expect(r.checks).toEqual(own.checks.map((c) => ({ name: c.name, valid: c.valid })));
      expect(r.latencyP50Ticks!).toBeLessThanOrEqual(r.latencyP99Ticks!);
    }
    const [servicebus, rabbitmq, kafka] = rows;
    // The duplicated delivery is work done twice on every broker; Kafka adds the re-read records.
    expect(kafka!.duplicatesProcessed).toBeGreaterThan(servicebus!.duplicatesProcessed);
    expect(kafka!.duplicatesProcessed).toBeGreaterThan(rabbitmq!.duplicatesProcessed);
    expect(new Set(rows.map((r) => r.hash)).size).toBe(3);
  });

  it('refuses a scenario that declares no broker switch', () => {
    expect(() => compareBrokers(builtinScenarios.find((s) => !s.brokerSwitch)!)).toThrow(NoBrokerSwitch);
  });

  it('the CLI prints one JSON object a line, and exits 2 with one line for a scenario without a mapping', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compare-'));
    writeFileSync(join(dir, 'faults.json'), JSON.stringify(faults));
    const r = sim('order-flow', '--compare-brokers', '--format', 'json', '--seed', '7', '--faults', join(dir, 'faults.json'));
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.broker)).toEqual(['servicebus', 'rabbitmq', 'kafka']);
    for (const l of lines) expect(Object.keys(l)).toEqual(expect.arrayContaining(['broker', 'hash', 'counts', 'checks', 'latencyP50Ticks', 'latencyP99Ticks']));
    expect(lines).toEqual(JSON.parse(JSON.stringify(compareBrokers(orderFlow, { seed: 7, faults }))));
    const bad = sim('kafka-durability', '--compare-brokers');
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/declares no broker switch/);
  });
});
