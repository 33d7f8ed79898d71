// The headless CLI: runs a scenario without a browser and prints what happened.
//   npm run sim -- [scenario file | scenario id] [--seed N] [--format summary|json|trace|mermaid] [--out FILE]
// Without a scenario it runs the default one. Bad arguments, unknown scenarios and bad
// scenario files print one clear line and exit with code 2.

import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { runScenario, ValidationError, formatIssue, type RunResult } from '../engine/index';
import { traceToMermaid } from '../projections/mermaid';
import { loadScenarioArg, UsageError } from './load-scenario';
import { formatSummary, formatTraceLine } from './format';

const FORMATS = ['summary', 'json', 'trace', 'mermaid'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = 'usage: npm run sim -- [scenario file | id] [--seed N] [--format summary|json|trace|mermaid] [--out FILE]';

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        seed: { type: 'string' },
        format: { type: 'string', default: 'summary' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]}\n${USAGE}`);
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.positionals.length > 1) throw new UsageError(`expected at most one scenario, got ${args.positionals.length}\n${USAGE}`);
  const format = args.values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  let seed: number | undefined;
  if (args.values.seed !== undefined) {
    seed = Number(args.values.seed);
    if (!/^\d+$/.test(args.values.seed) || !Number.isSafeInteger(seed)) throw new UsageError(`--seed must be a non-negative integer, got "${args.values.seed}"`);
  }
  const scenario = await loadScenarioArg(args.positionals[0]);
  const result = runScenario(scenario, seed === undefined ? {} : { seed });
  const text = render(result, format);
  if (args.values.out) writeFileSync(args.values.out, text);
  else process.stdout.write(text);
  return result.checks.every((c) => c.valid) || format !== 'summary' ? 0 : 1;
}

function render(result: RunResult, format: Format): string {
  switch (format) {
    case 'summary':
      return formatSummary(result);
    case 'json':
      return JSON.stringify({
        scenario: result.scenarioId, seed: result.seed, hash: result.hash, endTick: result.endTick,
        endReason: result.endReason, events: result.metrics.events, counts: result.metrics.counts, checks: result.checks,
      }, null, 2) + '\n';
    case 'trace':
      return result.trace.map(formatTraceLine).join('\n') + '\n';
    case 'mermaid':
      return traceToMermaid(result.trace);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof UsageError) process.stderr.write(`sim: ${error.message}\n`);
    else if (error instanceof ValidationError) process.stderr.write(`sim: invalid scenario: ${error.issues.map(formatIssue).join('; ')}\n`);
    else process.stderr.write(`sim: ${(error as Error)?.message ?? String(error)}\n`);
    process.exit(2);
  },
);
