// The CLI's fault flags as a user runs them: a JSON fault plan, shrinking it, and the
// crash-point explorer.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const sim = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sim.ts', ...args], { encoding: 'utf8' });
const planFile = (plan: unknown) => {
  const file = join(mkdtempSync(join(tmpdir(), 'brokerlab-')), 'plan.json');
  writeFileSync(file, JSON.stringify(plan));
  return file;
};

describe('npm run sim with faults', { timeout: 120_000 }, () => {
  it('--faults runs with a JSON fault plan and fails on a broken check', () => {
    const r = sim('order-flow', '--faults', planFile([{ type: 'drop', service: 'Ordering', messageType: 'OrderPlaced', nth: 2 }]));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('no-loss');
  });

  it('--faults with an invalid plan prints the path and the reason', () => {
    const r = sim('order-flow', '--faults', planFile({ faults: [{ type: 'crash', service: 'Nobody', atTick: 5 }] }));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('faultPlan[0].service: no service named "Nobody"');
  });

  it('--shrink prints the minimal plan, the explanation and the trace', () => {
    const r = sim('order-flow', '--shrink', '--faults', planFile([
      { type: 'slow-consumer', service: 'Inventory', extraTicks: 5 },
      { type: 'drop', service: 'Ordering', messageType: 'OrderPlaced', nth: 2 },
      { type: 'traffic-spike', service: 'Ordering', handler: 'PlaceOrder', atTick: 10, count: 2 },
    ]));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^minimal fault plan: 1 of 3 fault\(s\) still fail no-loss \(lost\)/);
    expect(r.stdout).toContain('"type": "drop"');
    expect(r.stdout).toMatch(/lost: m-\d+ vanished from orders/);
    expect(r.stdout).toContain('run.started');
  });

  it('--explore-crash-points tabulates the dual-write question', () => {
    const r = sim('order-flow', '--explore-crash-points');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Ordering\/PlaceOrder\s+after-commit-before-publish\s+lost/);
    expect(r.stdout).toMatch(/Inventory\/ReserveStock\s+before-ack\s+duplicated/);
  });
});
