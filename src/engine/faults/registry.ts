// The fault registry: every fault type a scenario or fault plan can name, one module each.
// A model validates its options (path + reason) and installs hooks (and timed actions) into a
// run. All are off unless a plan lists them.

import type { FaultSpec, Scenario } from '../scenario/types';
import type { ValidationIssue } from '../scenario/validate-types';
import type { FaultHooks } from './hooks';
import type { World } from '../world';
import type { Lifecycle } from '../services/lifecycle';
import { crashFault } from './crash';
import { restartFault } from './restart';
import { duplicateDeliveryFault } from './duplicate-delivery';
import { delayDeliveryFault } from './delay-delivery';
import { reorderFault } from './reorder';
import { dropFault } from './drop';
import { handlerThrowsFault } from './handler-throws';
import { brokerUnreachableFault } from './broker-unreachable';
import { slowConsumerFault } from './slow-consumer';
import { trafficSpikeFault } from './traffic-spike';
import { lockExpiryFault } from './lock-expiry';
import { rebalanceFault } from './rebalance';
import { dbOutageFault } from './db-outage';
import { chaosFault } from './chaos';
import { redriveFault } from './redrive';
import { brokerCrashFault } from './broker-crash';
import { followerLagFault } from './follower-lag';
import { producerCutOffFault } from './producer-cut-off';
import { replyLostFault } from './reply-lost';
import { requestLostFault } from './request-lost';
import { deployFault } from './deploy';
import { brokerAlarmFault } from './broker-alarm';
import { registry } from '../scenario/named';

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

const all: FaultModel[] = [
  crashFault, restartFault, duplicateDeliveryFault, delayDeliveryFault, reorderFault, dropFault, handlerThrowsFault,
  brokerUnreachableFault, slowConsumerFault, trafficSpikeFault, lockExpiryFault, rebalanceFault, dbOutageFault, chaosFault, redriveFault,
  brokerCrashFault, followerLagFault, producerCutOffFault, replyLostFault, requestLostFault, deployFault, brokerAlarmFault,
] as unknown as FaultModel[];

export const faultModels: Record<string, FaultModel> = registry(all.map((m) => [m.type, m] as const));
