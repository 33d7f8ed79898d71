// The checks a scenario or lesson can name. Each is a pure function of the finished run.

import type { Check, CheckInput, CheckResult } from './types';
import { noLoss } from './no-loss';

export const checks: Record<string, Check> = {
  [noLoss.name]: noLoss,
};

export function runCheck(name: string, input: CheckInput): CheckResult {
  const check = checks[name];
  if (!check) return { name, valid: false, errors: [{ anomaly: 'unknown-check', explanation: `no check named "${name}"`, eventRefs: [] }] };
  const errors = check.run(input);
  return { name, valid: errors.length === 0, errors };
}
