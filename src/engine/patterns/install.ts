// Installs the reliability patterns a scenario's handlers ask for: recoverability (`retry`:
// in-process retries, delayed redelivery, dead-lettering with history) and circuit breakers
// (`circuitBreaker`). The outbox relays are chosen by the lifecycle from `outbox.relay`; the
// inbox and idempotency keys are handler APIs. Patterns hook in like faults do, before them.

import type { World } from '../world';
import type { Lifecycle } from '../services/lifecycle';
import { installRecoverability } from './retry/recoverability';
import { circuitBreakerHooks } from './circuit-breaker';
import { contractHooks } from './contracts';
import { permissionHooks } from './governance';

export function installPatterns(world: World, lifecycle: Lifecycle): void {
  installRecoverability(world, lifecycle);
  for (const svc of world.services.values()) {
    for (const handler of svc.handlers.values()) {
      if (handler.spec.circuitBreaker) world.hooks.push(circuitBreakerHooks(world, svc.name, handler));
    }
  }
  const contracts = contractHooks(world);
  if (contracts) world.hooks.push(contracts);
  const permissions = permissionHooks(world);
  if (permissions) world.hooks.push(permissions);
}
