// Consent before shared code runs. Handler code in a link is a stranger's program: the sandbox
// keeps it away from the network and storage, but the person opening the link still decides.
// This lists the handlers whose code differs from what the site ships (the built-in scenario
// of the same id, or the lesson's own scenario), so the confirm step can name each one. Code
// that equals the shipped code, and built-in handlers (`{ builtin }`), need no consent.

import type { FaultSpec, Scenario } from '../engine/scenario/types';
import { handlerKey, type ShareState } from './state';

export interface ForeignHandler {
  service: string;
  handler: string;
  /** The shared source text. */
  source: string;
  lines: number;
  /** True when the shipped scenario has this handler (the code was edited); false: new. */
  replacesShipped: boolean;
  /** Where the code arrives when not in the scenario itself: "deployed at 1,200 ms in Branch 1". */
  where?: string;
}

/** A unique key per listed handler (the same handler may come with code twice: base and branch). */
export const foreignKey = (h: ForeignHandler) => `${h.service}/${h.handler}@${h.where ?? ''}`;

function shippedSources(shipped: Scenario | undefined): Map<string, string | { builtin: string }> {
  const map = new Map<string, string | { builtin: string }>();
  for (const svc of shipped?.services ?? []) {
    for (const h of svc.handlers) map.set(handlerKey(svc.name, h.name), 'source' in h.code ? h.code.source : { builtin: h.code.builtin });
  }
  return map;
}

/** Handlers of `scenario` that run source code not shipped with the site. */
export function foreignHandlers(scenario: Scenario, shipped: Scenario | undefined): ForeignHandler[] {
  const known = shippedSources(shipped);
  const out: ForeignHandler[] = [];
  for (const svc of scenario.services) {
    for (const h of svc.handlers) {
      if (!('source' in h.code)) continue;
      const key = handlerKey(svc.name, h.name);
      const mine = known.get(key);
      if (mine === h.code.source) continue;
      out.push({ service: svc.name, handler: h.name, source: h.code.source, lines: h.code.source.split('\n').length, replacesShipped: mine !== undefined });
    }
  }
  return out;
}

/**
 * Code carried by `deploy` faults (new handler code going live at a tick), in the scenario's own
 * faults, the shared fault plan and every branch's change: a stranger's code as much as an
 * edited handler, so it is listed for consent too.
 */
export function foreignDeploys(state: Pick<ShareState, 'faults' | 'branches'>, scenario: Scenario, shipped: Scenario | undefined): ForeignHandler[] {
  const known = shippedSources(shipped);
  const out: ForeignHandler[] = [];
  const add = (faults: readonly FaultSpec[], inWhat: string) => {
    for (const f of faults) {
      if (f.type !== 'deploy' || typeof f.service !== 'string' || typeof f.handlers !== 'object' || f.handlers === null || Array.isArray(f.handlers)) continue;
      for (const [handler, source] of Object.entries(f.handlers)) {
        if (typeof source !== 'string') continue;
        const mine = known.get(handlerKey(f.service, handler));
        if (mine === source) continue;
        const at = typeof f.atTick === 'number' ? ` at ${f.atTick.toLocaleString('en')} ms` : '';
        out.push({ service: f.service, handler, source, lines: source.split('\n').length, replacesShipped: mine !== undefined, where: `deployed${at}${inWhat}` });
      }
    }
  };
  add([...(scenario.faults ?? []), ...state.faults], '');
  for (const b of state.branches ?? []) if (b.change.kind === 'fault') add([b.change.fault], ` in ${b.name}`);
  return out;
}
