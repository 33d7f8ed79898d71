// The CLI speaks AsyncAPI: --format asyncapi prints a scenario as AsyncAPI 3.0 YAML,
// --from-asyncapi imports a document (what did not map on stderr), --format scenario prints the
// resolved scenario, and an invalid document exits 2 with the parser's first diagnostic.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const sim = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sim.ts', ...args], { encoding: 'utf8' });
const fixture = 'test/fixtures/asyncapi/rpc-server-amqp-3.0.yml';

describe('npm run sim with AsyncAPI', { timeout: 90_000 }, () => {
  it('prints a built-in scenario as an AsyncAPI 3.0 document', () => {
    const r = sim('rabbitmq-routing', '--format', 'asyncapi');
    expect(r.status).toBe(0);
    const doc = parse(r.stdout);
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.channels.billing.bindings.amqp.is).toBe('queue');
  });

  it('imports a document and prints the scenario as JSON, listing what it did not map', () => {
    const r = sim('--from-asyncapi', fixture, '--format', 'scenario');
    expect(r.status, r.stderr).toBe(0);
    const scenario = JSON.parse(r.stdout);
    expect(scenario.broker).toBe('rabbitmq');
    expect(scenario.entities.map((e: { name: string }) => e.name)).toEqual(['queue', 'rpc_queue']);
    expect(r.stderr).toMatch(/not mapped: channels\.queue\.parameters: one entity stands for every value of \{queue\}/);
  });

  it('an invalid document exits 2 with the parser\'s first diagnostic and its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-asyncapi-'));
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, readFileSync(fixture, 'utf8').replace('action: send', 'action: sned'));
    const r = sim('--from-asyncapi', bad, '--format', 'scenario');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toMatch(/^sim: invalid AsyncAPI document: operations\.sendSumResult\.action: "action" property must be equal to one of the allowed values/);
  });
});
