// The share state of what the playground shows right now: its scenario (by reference when it
// is a shipped one, edited handler code included), seed, fault plan, broker, cursor and trace
// hash. One function, so the Share dialog, the embed code and the file all agree.

import type { PlaygroundState } from '../state/playground.svelte';
import { shareStateOf, type ShareState } from '../../share/index';

export function currentShareState(playground: PlaygroundState, options: { position: boolean }): ShareState | null {
  const scenario = playground.scenario;
  if (!scenario) return null;
  const shipped = playground.scenarios.find((s) => s.id === scenario.id);
  const hash = playground.run?.summary?.hash;
  return shareStateOf({
    scenario,
    seed: playground.seed,
    faults: playground.faults,
    position: options.position ? playground.position : 0,
    ...(hash ? { hash } : {}),
  }, shipped);
}
