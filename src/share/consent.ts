// Consent before shared code runs. Handler code in a link is a stranger's program: the sandbox
// keeps it away from the network and storage, but the person opening the link still decides.
// This lists the handlers whose code differs from what the site ships (the built-in scenario
// of the same id, or the lesson's own scenario), so the confirm step can name each one. Code
// that equals the shipped code, and built-in handlers (`{ builtin }`), need no consent.

import type { Scenario } from '../engine/scenario/types';
import { handlerKey } from './state';

export interface ForeignHandler {
  service: string;
  handler: string;
  /** The shared source text. */
  source: string;
  lines: number;
  /** True when the shipped scenario has this handler (the code was edited); false: new. */
  replacesShipped: boolean;
}

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
