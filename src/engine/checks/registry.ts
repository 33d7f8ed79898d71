// The checks a scenario or lesson can name. Each is a pure function of the finished run.

import type { Check, CheckInput, CheckResult } from './types';
import { registry } from '../scenario/named';
import { noLoss } from './no-loss';
import { noDuplicateEffect } from './no-duplicate-effect';
import { perKeyOrder } from './per-key-order';
import { sagaConsistency } from './saga-consistency';
import { dlqAccounted } from './dlq-accounted';
import { dbPredicate } from './db-predicate';
import { requestsServed } from './requests-served';
import { contractCompatible } from './contract-compatible';
import { accessGranted, noPersonalData } from './governance';
import { peakLoad } from './peak-load';
import { oneCorrelationPerKey } from './correlation';
import { sentBy } from './sent-by';
import { resumesAfterOutage } from './resumes-after-outage';
import { latencyBudget } from './latency-budget';
import { throughput } from './throughput';
import { effectOrder } from './effect-order';
import { repliesMatched } from './replies-matched';
import { oneMessagePerFact } from './one-message-per-fact';
import { effectsDue } from './effects-due';

export const checks: Record<string, Check> = registry(
  [noLoss, noDuplicateEffect, perKeyOrder, sagaConsistency, dlqAccounted, dbPredicate, peakLoad, requestsServed, contractCompatible, accessGranted, noPersonalData, oneCorrelationPerKey, sentBy, resumesAfterOutage, latencyBudget, throughput, effectOrder, repliesMatched, oneMessagePerFact, effectsDue].map((c) => [c.name, c] as const),
);

export function runCheck(name: string, input: CheckInput): CheckResult {
  const check = checks[name];
  if (!check) return { name, valid: false, errors: [{ anomaly: 'unknown-check', explanation: `no check named "${name}"`, eventRefs: [] }] };
  const errors = check.run(input);
  return { name, valid: errors.length === 0, errors };
}
