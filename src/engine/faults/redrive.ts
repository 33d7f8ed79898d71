// Redrive, as a scheduled operator action in a fault plan: at `atTick`, move the dead-lettered
// messages of `entity` (all, or `messageIds`) back to their queue. It sits with the faults
// because a fault plan is the run's list of outside interventions; keeping it there makes a run
// with a redrive replay exactly. The same operation is on the Simulation API (redrive()).

import type { FaultModel } from './registry';
import type { FaultSpec } from '../scenario/types';
import { redriveDeadLetters } from '../patterns/redrive';
import { Issues } from './common';
import { FAULT_BOUNDS } from '../scenario/bounds';

export interface RedriveFault extends FaultSpec {
  type: 'redrive';
  entity: string;
  atTick: number;
  messageIds?: string[];
}

export const redriveFault: FaultModel<RedriveFault> = {
  type: 'redrive',
  title: 'Operator: redrive the dead-letter queue',
  description: 'At a tick, move dead-lettered messages back to their queue (one, some or all).',
  validate(spec, scenario) {
    const v = new Issues(spec, scenario).int('atTick', { required: true });
    if (typeof spec.entity !== 'string' || !scenario.entities.some((e) => e.name === spec.entity || `${e.name}.dlq` === spec.entity)) v.add('entity', `no queue named ${JSON.stringify(spec.entity)}`);
    if (spec.messageIds !== undefined && (!Array.isArray(spec.messageIds) || !spec.messageIds.every((x) => typeof x === 'string'))) v.add('messageIds', 'must be a list of message ids');
    else if (spec.messageIds !== undefined && spec.messageIds.length > FAULT_BOUNDS.redriveIdsMax) v.add('messageIds', `too many: ${spec.messageIds.length} (at most ${FAULT_BOUNDS.redriveIdsMax})`);
    return v.list;
  },
  install(spec, { world }) {
    world.at(spec.atTick, () => redriveDeadLetters(world, spec.entity, spec.messageIds));
  },
};
