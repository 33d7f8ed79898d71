// `npm run sim -- retry-lab`: one JSON object a line, one per policy, the same numbers as the
// lab computed in-process; bad arguments print one line and exit 2.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { presetRequest, runRetryLab } from '../../src/engine/lab/index';
import { retryLabCli, retryLabRows } from '../../src/cli/retry-lab';

const sim = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sim.ts', ...args], { encoding: 'utf8' });

describe('retry-lab CLI', { timeout: 60_000 }, () => {
  it('prints { policy, calls, completionTicks, seeds } per policy, means over the seeds', () => {
    const r = sim('retry-lab', '--preset', 'occ', '--clients', '40', '--seeds', '3', '--policies', 'exponential,full-jitter,retry-budget', '--format', 'json');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.policy)).toEqual(['exponential', 'full-jitter', 'retry-budget']);
    for (const l of lines) expect(Object.keys(l).slice(0, 4)).toEqual(['policy', 'calls', 'completionTicks', 'seeds']);
    expect(lines).toEqual(retryLabRows(runRetryLab(presetRequest('occ', { clients: 40, seeds: 3, policies: ['exponential', 'full-jitter', 'retry-budget'] }))));
    expect(lines[1]!.calls as number).toBeLessThan(lines[0]!.calls as number);
  });

  it('bad arguments: a line naming the problem, exit 2', () => {
    const r = sim('retry-lab', '--policies', 'full-jitter,bogus');
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^sim: policies\[1\]: must be one of none, fixed/);
    for (const [args, says] of [[['--preset', 'nope'], /--preset must be one of occ/], [['--clients', '-3'], /clients/], [['--seeds', '0'], /seeds: must list 1 to 100/], [['--format', 'mermaid'], /--format must be summary or json/]] as const) {
      expect(() => retryLabCli([...args])).toThrow(says);
    }
  });
});
