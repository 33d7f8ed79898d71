// The fault registry: every fault type a scenario or fault plan can name, one module each.
// A model validates its options and installs hooks (and timed actions) into a run.

import type { FaultSpec, Scenario } from '../scenario/types';
import type { ValidationIssue } from '../scenario/validate-types';
import type { FaultHooks } from './hooks';
import type { World } from '../world';
import type { Lifecycle } from '../services/lifecycle';

export interface FaultInstall {
  world: World;
  lifecycle: Lifecycle;
}

export interface FaultModel<S extends FaultSpec = FaultSpec> {
  type: string;
  title: string;
  description: string;
  validate(spec: S, scenario: Scenario): ValidationIssue[];
  install(spec: S, run: FaultInstall): FaultHooks | void;
}

export const faultModels: Record<string, FaultModel> = {};
