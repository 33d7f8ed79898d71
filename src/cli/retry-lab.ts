// `npm run sim -- retry-lab`: the retry-policy lab from the command line (src/engine/lab).
//   npm run sim -- retry-lab [--preset occ|overload|outage] [--clients N] [--seeds N] [--seed FIRST]
//                            [--policies a,b,…] [--format summary|json] [--out FILE]
// json prints one object a line, one per policy: { policy, calls, completionTicks, seeds,
// succeeded, gaveUp, refused } — calls and completionTicks are means over the seeds (seeds
// FIRST … FIRST + N − 1, the same for every policy). summary prints them as a table.

import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { LAB_POLICIES, LAB_PRESET_NAMES, LAB_PRESETS, presetRequest, runRetryLab, validateLabRequest, type LabPolicyName, type LabPresetName, type LabResult } from '../engine/lab/index';
import { UsageError } from './load-scenario';

const USAGE = `usage: npm run sim -- retry-lab [--preset ${LAB_PRESET_NAMES.join('|')}] [--clients N] [--seeds N] [--seed FIRST] [--policies ${LAB_POLICIES.slice(0, 2).join(',')},…] [--format summary|json] [--out FILE]`;

const round1 = (x: number) => Math.round(x * 10) / 10;

function wholeArg(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new UsageError(`--${name} must be a non-negative integer, got "${text}"`);
  return Number(text);
}

export function retryLabRows(result: LabResult): Record<string, unknown>[] {
  return result.policies.map((p) => ({
    policy: p.policy, calls: round1(p.calls), completionTicks: round1(p.completionTicks), seeds: p.seeds,
    succeeded: round1(p.succeeded), gaveUp: round1(p.gaveUp), refused: round1(p.refused),
  }));
}

function table(preset: LabPresetName, result: LabResult, seeds: number): string {
  const head = `${LAB_PRESETS[preset].title}: ${result.clients} clients, means over ${seeds} seeds\n`;
  const cols = ['policy', 'calls', 'completion ms', 'succeeded', 'gave up', 'refused'];
  const lines = result.policies.map((p) => [p.policy, round1(p.calls), round1(p.completionTicks), round1(p.succeeded), round1(p.gaveUp), round1(p.refused)].map(String));
  const widths = cols.map((c, i) => Math.max(c.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return head + [fmt(cols), ...lines.map(fmt)].join('\n') + '\n';
}

export function retryLabCli(argv: string[]): string {
  let args;
  try {
    args = parseArgs({
      args: argv, allowPositionals: false,
      options: {
        preset: { type: 'string', default: 'occ' }, clients: { type: 'string' }, seeds: { type: 'string' }, seed: { type: 'string' },
        policies: { type: 'string' }, format: { type: 'string', default: 'summary' }, out: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]}\n${USAGE}`);
  }
  const v = args.values;
  const preset = v.preset as LabPresetName;
  if (!LAB_PRESET_NAMES.includes(preset)) throw new UsageError(`--preset must be one of ${LAB_PRESET_NAMES.join(', ')}, got "${v.preset}"`);
  if (v.format !== 'summary' && v.format !== 'json') throw new UsageError(`--format must be summary or json for retry-lab, got "${v.format}"`);
  const policies = v.policies?.split(',').map((p) => p.trim()) as LabPolicyName[] | undefined;
  const clients = wholeArg('clients', v.clients);
  const seeds = wholeArg('seeds', v.seeds);
  const seedFirst = wholeArg('seed', v.seed);
  const request = presetRequest(preset, {
    ...(clients === undefined ? {} : { clients }), ...(seeds === undefined ? {} : { seeds }),
    ...(seedFirst === undefined ? {} : { seedFirst }), ...(policies ? { policies } : {}),
  });
  const issues = validateLabRequest(request);
  if (issues.length > 0) throw new UsageError(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  const result = runRetryLab(request);
  const text = v.format === 'json' ? retryLabRows(result).map((r) => JSON.stringify(r)).join('\n') + '\n' : table(preset, result, request.seeds.length);
  if (v.out) {
    writeFileSync(v.out, text);
    return '';
  }
  return text;
}
