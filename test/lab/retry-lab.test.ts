// The retry-policy lab on the AWS article's workload (occ: 100 clients updating one row under
// optimistic concurrency): the article's conclusions must come out of our own model — jitter
// cuts the work roughly in half, exponential backoff without jitter sends its retries in waves
// and finishes last, equal jitter takes longer than full jitter — and the guards must act.

import { describe, expect, it } from 'vitest';
import { LAB_POLICIES, presetRequest, rebin, runRetryLab, simulateRetries, LAB_PRESETS, validateLabRequest, type PolicySummary } from '../../src/engine/lab/index';

const occ = runRetryLab(presetRequest('occ', { seeds: 6 }));
const by = (name: string, r = occ): PolicySummary => r.policies.find((p) => p.policy === name)!;

describe('retry lab, occ preset (AWS "Exponential Backoff and Jitter")', () => {
  it('full and decorrelated jitter do far less work than exponential backoff without jitter', () => {
    const exponential = by('exponential');
    expect(by('full-jitter').calls).toBeLessThan(0.6 * exponential.calls);
    expect(by('decorrelated-jitter').calls).toBeLessThan(0.65 * exponential.calls);
    expect(by('equal-jitter').calls).toBeLessThan(0.6 * exponential.calls);
    for (const name of ['fixed', 'exponential', 'full-jitter', 'equal-jitter', 'decorrelated-jitter']) expect(by(name).succeeded).toBe(100);
  });

  it('exponential without jitter retries in waves and finishes last; equal jitter finishes after full jitter', () => {
    const full = by('full-jitter');
    expect(by('exponential').completionTicks).toBeGreaterThan(5 * full.completionTicks);
    expect(by('equal-jitter').completionTicks).toBeGreaterThan(full.completionTicks);
    // Waves: in the first 3 s, synchronised clients leave most 10 ms bins empty.
    const busyBins = (policy: 'exponential' | 'full-jitter', seed: number) => simulateRetries(LAB_PRESETS.occ.workload, policy, LAB_PRESETS.occ.settings, seed).callBins.slice(0, 300).filter((n) => n > 0).length;
    for (const seed of [1, 2, 3]) expect(busyBins('exponential', seed)).toBeLessThan(0.5 * busyBins('full-jitter', seed));
  });

  it('without retries most clients lose the conflict and give up; a guard refuses calls locally', () => {
    expect(by('none').calls).toBe(100);
    expect(by('none').gaveUp).toBeGreaterThan(90);
    expect(by('circuit-breaker').refused).toBeGreaterThan(0);
    expect(by('circuit-breaker').calls).toBeLessThan(by('full-jitter').calls);
    expect(by('retry-budget').calls).toBeLessThan(by('full-jitter').calls);
    expect(by('retry-budget').gaveUp).toBeGreaterThan(0);
  });

  it('summaries add up: per-seed figures average to the means, the histogram holds every call', () => {
    for (const p of occ.policies) {
      expect(p.seeds).toBe(6);
      expect(p.perSeed.map((s) => s.seed)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(p.calls).toBeCloseTo(p.perSeed.reduce((a, s) => a + s.calls, 0) / 6, 6);
      expect(p.histogram.reduce((a, b) => a + b, 0)).toBeCloseTo(p.calls, 6);
      expect(p.histogram.length * occ.binTicks).toBe(occ.axisTicks);
      expect(p.fineBins.reduce((a, b) => a + b, 0)).toBeCloseTo(p.calls, 6);
      // Zoomed to the first second: the bins hold exactly the calls made before it.
      const zoom = rebin(p.fineBins, 1000, 20);
      expect(zoom.binTicks).toBe(50);
      expect(zoom.bins.reduce((a, b) => a + b, 0)).toBeCloseTo(p.fineBins.slice(0, 100).reduce((a, b) => a + b, 0), 6);
    }
  });
});

describe('retry lab: other models, determinism, validation', () => {
  it('during an outage a breaker keeps most calls off the dependency and every client still succeeds', () => {
    const r = runRetryLab(presetRequest('outage', { seeds: 4, policies: ['full-jitter', 'circuit-breaker', 'fixed'] }));
    expect(by('circuit-breaker', r).calls).toBeLessThan(0.4 * by('full-jitter', r).calls);
    expect(by('circuit-breaker', r).succeeded).toBe(100);
    // Fixed 50 ms retries use up their 12 retries inside the 2 s outage.
    expect(by('fixed', r).succeeded).toBe(0);
  });

  it('an overloaded server refuses what does not fit; retries get everyone through', () => {
    const r = runRetryLab(presetRequest('overload', { seeds: 3, policies: ['none', 'decorrelated-jitter'] }));
    expect(by('none', r).gaveUp).toBeGreaterThan(20);
    expect(by('decorrelated-jitter', r).succeeded).toBe(200);
    expect(by('decorrelated-jitter', r).peakInside).toBeLessThanOrEqual(30);
  });

  it('the same request gives the same numbers; another seed gives other numbers', () => {
    const request = presetRequest('occ', { seeds: 2, policies: ['full-jitter', 'circuit-breaker'] });
    expect(JSON.stringify(runRetryLab(request))).toBe(JSON.stringify(runRetryLab(structuredClone(request))));
    const other = runRetryLab(presetRequest('occ', { seeds: 2, seedFirst: 50, policies: ['full-jitter'] }));
    expect(other.policies[0]!.perSeed.map((s) => s.calls)).not.toEqual(runRetryLab(request).policies[0]!.perSeed.map((s) => s.calls));
  });

  it('refuses bad requests with a path and a reason', () => {
    expect(validateLabRequest(presetRequest('occ'))).toEqual([]);
    const bad = { ...presetRequest('occ'), policies: ['full-jitter', 'bogus', 'full-jitter'], seeds: [] };
    const paths = validateLabRequest({ ...bad, workload: { ...bad.workload, clients: 5000 } }).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['workload.clients', 'policies[1]', 'policies', 'seeds']));
    expect(validateLabRequest(null)[0]!.message).toMatch(/lab request/);
    expect(LAB_POLICIES).toHaveLength(8);
  });
});
