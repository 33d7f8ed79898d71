// The CLI as a user runs it: formats, exit codes, one clear line for bad input.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenario } from '../../src/engine/index';
import { defaultScenario } from '../../src/scenarios/index';
import { oneQueueScenario } from '../engine/helpers';

const sim = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sim.ts', ...args], { encoding: 'utf8' });

/** The same, without blocking: several bad inputs start at once (each start of tsx costs seconds). */
const simAsync = (args: string[], env: Record<string, string> = {}) => new Promise<{ status: number | null; stderr: string }>((resolve) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/sim.ts', ...args], { env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout.resume();
  child.on('close', (status) => resolve({ status, stderr }));
});

describe('npm run sim', { timeout: 60_000 }, () => {
  it('prints a summary with counts, checks and the same hash as the engine', () => {
    const r = sim('--seed', '6');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('check ✓ no-loss');
    expect(r.stdout).toContain(`trace hash ${runScenario(defaultScenario, { seed: 6 }).hash}`);
  });

  it('prints machine-readable json', () => {
    const r = sim('order-flow', '--format', 'json', '--seed', '7');
    const out = JSON.parse(r.stdout);
    expect(out.hash).toBe(runScenario(defaultScenario, { seed: 7 }).hash);
    expect(out.counts.deadLettered).toBeGreaterThan(0);
    expect(out.checks[0].name).toBe('no-loss');
  });

  it('prints one trace event a line, and a mermaid sequence diagram', () => {
    const trace = sim('--format', 'trace');
    expect(trace.stdout.trim().split('\n').length).toBe(runScenario(defaultScenario).trace.length);
    const mermaid = sim('--format', 'mermaid');
    expect(mermaid.stdout.startsWith('sequenceDiagram\n')).toBe(true);
    expect(mermaid.stdout).toContain('-->>');
  });

  it('runs a scenario file and writes to --out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const file = join(dir, 's.json');
    writeFileSync(file, JSON.stringify(defaultScenario));
    const out = join(dir, 'out.txt');
    expect(sim(file, '--format', 'json', '--out', out).status).toBe(0);
  });

  it('exits 2 with one clear line for bad arguments, unknown scenarios and bad files', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ not json');
    const invalid = join(dir, 'invalid.json');
    writeFileSync(invalid, JSON.stringify({ ...defaultScenario, entities: [] }));
    const cases = [['--seed', 'abc'], ['--format', 'pdf'], ['no-such-scenario'], [broken], [invalid], ['--bogus']];
    const results = await Promise.all(cases.map((args) => simAsync(args)));
    for (const [i, args] of cases.entries()) {
      const r = results[i]!;
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')[0], args.join(' ')).toMatch(/^sim: /);
      expect(r.stderr, args.join(' ')).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it('stops handler code stuck inside one built-in after a stall in real time: exit 3, one clear line', { timeout: 120_000 }, async () => {
    // Spreading 60,000 arguments again and again: each spread is one C loop, and QuickJS checks
    // its interrupt handler (the work budget) only every ~10,000 loop turns, minutes apart.
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const file = join(dir, 'stuck.json');
    const source = `export default async () => {\n  function f() { let n = 0; for (;;) n += [...arguments].length; }\n  f.apply(null, new Array(60000).fill(1));\n};`;
    writeFileSync(file, JSON.stringify(oneQueueScenario(source, { queue: { maxDeliveryCount: 1 } })));
    const startedMs = Date.now();
    const r = await simAsync([file], { BROKERLAB_STALL_MS: '3000' });
    expect(r.status).toBe(3);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^sim: stopped: handler code spent 3 s of real time inside one built-in operation/)]);
    expect(Date.now() - startedMs).toBeLessThan(100_000);
  });
});
