// The headless CLI's work: runs a scenario without a browser and prints what happened. It runs in
// a worker thread started by sim.ts, whose watchdog stops handler code stuck in one built-in.
//   npm run sim -- [scenario file | scenario id] [--seed N] [--format summary|json|trace|mermaid|svg] [--out FILE]
//                  [--faults FILE] [--shrink] [--explore-crash-points] [--compare-brokers]
//                  [--from-asyncapi FILE] [--format asyncapi|scenario]
// --format asyncapi prints the scenario as an AsyncAPI 3.0 document (YAML), --format scenario
// prints the resolved scenario as JSON; --from-asyncapi imports an AsyncAPI 2.6/3.0 document
// (YAML or JSON) instead of naming a scenario, listing on stderr what it could not map.
//   npm run sim -- retry-lab [--preset occ] [--clients N] [--seeds N] [--format json]  (retry-lab.ts)
// --faults runs with a JSON fault plan (a list of faults, or { "faults": [...] }); --shrink finds
// the smallest part of that plan that still fails the same check and prints it with its trace;
// --explore-crash-points crashes once at every named crash point and tabulates the outcomes.
// Without a scenario it runs the default one. Bad arguments, unknown scenarios and bad
// scenario files print one clear line and exit with code 2.

import { parseArgs } from 'node:util';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { shareRealmActivity } from '../realm/activity';
import { writeFileSync } from 'node:fs';
import { runScenario, ValidationError, formatIssue, validateScenario, type RunResult } from '../engine/index';
import { traceToMermaid } from '../projections/mermaid';
import { layoutSequence } from '../projections/sequence-layout';
import { layoutToSvg } from '../projections/sequence-svg';
import { traceToOtlpJson } from '../projections/otlp';
import { systemsOf } from '../projections/spans';
import { loadScenarioArg, UsageError } from './load-scenario';
import { formatSummary, formatTraceLine } from './format';
import { readFileSync } from 'node:fs';
import type { FaultSpec, Scenario } from '../engine/index';
import { compareBrokers, exploreCrashPoints, formatCrashTable, NoBrokerSwitch, shrinkFaults } from '../engine/explore/index';
import { loadHandlerRealmInNode } from '../realm/node';
import { exportAsyncApiYaml, importAsyncApi } from '../asyncapi/parse';
import { AsyncApiInvalid } from '../asyncapi/types';
import { retryLabCli } from './retry-lab';

const FORMATS = ['summary', 'json', 'trace', 'mermaid', 'svg', 'otlp', 'asyncapi', 'scenario'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = 'usage: npm run sim -- [scenario file | id | --from-asyncapi FILE] [--seed N] [--format summary|json|trace|mermaid|svg|otlp|asyncapi|scenario] [--out FILE] [--faults FILE] [--shrink] [--explore-crash-points] [--compare-brokers]';

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'retry-lab') {
    process.stdout.write(retryLabCli(argv.slice(1)));
    return 0;
  }
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
        faults: { type: 'string' },
        shrink: { type: 'boolean' },
        'explore-crash-points': { type: 'boolean' },
        'compare-brokers': { type: 'boolean' },
        'from-asyncapi': { type: 'string' },
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
  const fromAsyncApi = args.values['from-asyncapi'];
  if (fromAsyncApi !== undefined && args.positionals.length > 0) throw new UsageError(`--from-asyncapi replaces the scenario argument; got both\n${USAGE}`);
  const scenario = fromAsyncApi !== undefined ? await loadAsyncApiArg(fromAsyncApi) : await loadScenarioArg(args.positionals[0]);
  if (format === 'asyncapi' || format === 'scenario') {
    // Descriptions of the scenario, not of a run: nothing is simulated, but it must be valid.
    const issues = validateScenario(scenario);
    if (issues.length > 0) throw new ValidationError(issues);
    const text = format === 'asyncapi' ? exportAsyncApiYaml(scenario) : JSON.stringify(scenario, null, 2) + '\n';
    if (args.values.out) writeFileSync(args.values.out, text);
    else process.stdout.write(text);
    return 0;
  }
  const faults = args.values.faults === undefined ? [] : readFaultPlan(args.values.faults);
  if (args.values['compare-brokers']) {
    // One JSON object a line, one per broker (summary prints the same lines: they are the table).
    let rows;
    try {
      rows = compareBrokers(scenario, { ...(seed === undefined ? {} : { seed }), faults });
    } catch (error) {
      if (error instanceof NoBrokerSwitch) throw new UsageError(error.message);
      throw error;
    }
    const text = rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
    if (args.values.out) writeFileSync(args.values.out, text);
    else process.stdout.write(text);
    return 0;
  }
  if (args.values.shrink || args.values['explore-crash-points']) {
    const text = args.values.shrink ? shrinkText(scenario, faults, seed) : exploreText(scenario, faults, seed);
    if (args.values.out) writeFileSync(args.values.out, text);
    else process.stdout.write(text);
    return 0;
  }
  const result = runScenario(scenario, { ...(seed === undefined ? {} : { seed }), faults });
  const text = render(result, format as Exclude<Format, 'asyncapi' | 'scenario'>, scenario);
  if (args.values.out) writeFileSync(args.values.out, text);
  else process.stdout.write(text);
  return result.checks.every((c) => c.valid) || format !== 'summary' ? 0 : 1;
}

/** An AsyncAPI document imported as a scenario; what did not map goes to stderr, one line each. */
async function loadAsyncApiArg(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--from-asyncapi ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  const { scenario, version, unmapped } = await importAsyncApi(text);
  process.stderr.write(`imported AsyncAPI ${version} "${scenario.title}": ${scenario.entities.length} entities, ${scenario.services.reduce((n, s) => n + s.handlers.length, 0)} handlers, ${scenario.messages.length} message types; ${unmapped.length} part(s) not mapped\n`);
  for (const u of unmapped) process.stderr.write(`  not mapped: ${u.path}: ${u.reason}\n`);
  return scenario;
}

function render(result: RunResult, format: Exclude<Format, 'asyncapi' | 'scenario'>, scenario: Scenario): string {
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
    case 'svg':
      // The diagram view's own renderer, as a pure function: the same picture the page draws.
      return layoutToSvg(layoutSequence(result.trace, { services: scenario.services.map((s) => s.name) })) + '\n';
    case 'otlp':
      // OpenTelemetry's OTLP/JSON trace document: open it in Jaeger or any OTLP backend (docs/opentelemetry.md).
      return traceToOtlpJson(result.trace, { systemOf: systemsOf(scenario) }) + '\n';
  }
}

function readFaultPlan(file: string): FaultSpec[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--faults ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  const plan = Array.isArray(data) ? data : (data as { faults?: unknown })?.faults;
  if (!Array.isArray(plan)) throw new UsageError(`--faults ${file}: expected a list of faults or { "faults": [...] }`);
  return plan as FaultSpec[];
}

function shrinkText(scenario: Scenario, faults: FaultSpec[], seed: number | undefined): string {
  const s = shrinkFaults(scenario, faults, {
    ...(seed === undefined ? {} : { seed }),
    onProgress: ({ runs, size }) => void process.stderr.write(`\rshrinking: run ${runs}, ${size} fault(s)   `),
  });
  process.stderr.write('\n');
  const failing = s.result.checks.find((c) => c.name === s.check)!;
  const refs = new Set(failing.errors.flatMap((e) => e.eventRefs));
  const shown = s.result.trace.length <= 200 ? s.result.trace : s.result.trace.filter((e) => refs.has(e.seq) || e.kind === 'fault.injected');
  return [
    `minimal fault plan: ${s.faults.length} of ${s.original.length} fault(s) still fail ${s.check} (${s.anomaly}), found in ${s.runs} runs${s.cancelled ? ' (stopped early)' : ''}`,
    JSON.stringify(s.faults, null, 2),
    ...failing.errors.map((e) => `${e.anomaly}: ${e.explanation}`),
    `trace (${shown.length} of ${s.result.trace.length} events, hash ${s.result.hash}):`,
    ...shown.map(formatTraceLine),
  ].join('\n') + '\n';
}

function exploreText(scenario: Scenario, faults: FaultSpec[], seed: number | undefined): string {
  const r = exploreCrashPoints(scenario, {
    ...(seed === undefined ? {} : { seed }), faults,
    onProgress: ({ done, total }) => void process.stderr.write(`\rexploring crash points: ${done}/${total}   `),
  });
  process.stderr.write('\n');
  return formatCrashTable(r.rows) + `${r.rows.length} crash points reached, ${r.runs} runs\n`;
}

// The retry lab runs no handler code: it does not wait for the handler realm. Errors become one
// line on stderr and exit code 2; the launcher (sim.ts) sets the process's exit code.
export async function runCli(argv: string[]): Promise<number> {
  try {
    if (argv[0] !== 'retry-lab') await loadHandlerRealmInNode();
    return await main(argv);
  } catch (error) {
    if (error instanceof UsageError) process.stderr.write(`sim: ${error.message}\n`);
    else if (error instanceof AsyncApiInvalid) process.stderr.write(`sim: invalid AsyncAPI document: ${error.message}\n`);
    else if (error instanceof ValidationError) process.stderr.write(`sim: invalid scenario: ${error.issues.map(formatIssue).join('; ')}\n`);
    else process.stderr.write(`sim: ${(error as Error)?.message ?? String(error)}\n`);
    return 2;
  }
}

// In the launcher's worker thread: record realm activity for its watchdog, run, report the code.
if (!isMainThread && (workerData as { activity?: unknown } | null)?.activity instanceof SharedArrayBuffer) {
  shareRealmActivity((workerData as { activity: SharedArrayBuffer }).activity);
  void runCli(process.argv.slice(2)).then((code) => parentPort?.postMessage({ exitCode: code }));
}
