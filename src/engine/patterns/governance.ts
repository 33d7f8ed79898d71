// Security and governance on the broker. Two concepts, both off unless a scenario asks:
//
// Least privilege. `Scenario.permissions` grants each service the entities it may `send` to
// (queues, topics, exchanges) and `listen` on (queues, subscriptions). Once the scenario has a
// permissions block, anything not granted is refused: a publish throws `Unauthorized` at the
// producer, a consumer without a listen grant is never attached (its messages wait), and both
// are traced as `access.denied` with the grant that was missing. No block: everything allowed.
//
// Personal data out of events. Catalog fields marked `personal: true` must not travel in clear
// text. `ctx.protect(value)` swaps a value for a token (`tok_` + 16 hex, a deterministic keyed
// hash of the value, so equal values give equal tokens and can still be joined); the value is
// kept in the run's vault, and `ctx.reveal(token)` gives it back to services granted `reveal`.

import type { Json } from '../scenario/json';
import type { Scenario } from '../scenario/types';
import type { World } from '../world';
import type { FaultHooks } from '../faults/hooks';

declare module '../trace/types' {
  interface TraceDataMap {
    /** The broker (or the vault) refused an operation the service holds no grant for. */
    'access.denied': { service: string; right: Right; entity: string };
  }
}

export type Right = 'send' | 'listen' | 'reveal';

export interface Grants {
  send?: string[];
  listen?: string[];
  /** May turn tokens back into personal data (ctx.reveal). */
  reveal?: boolean;
}

/** Thrown at the service that tried: it holds no grant for this. */
export class Unauthorized extends Error {
  constructor(readonly service: string, readonly right: Right, readonly entity: string, granted: string) {
    super(`${service} may not ${right === 'reveal' ? 'reveal personal data' : `${right} ${right === 'send' ? 'to' : 'on'} "${entity}"`} (granted: ${granted})`);
    this.name = 'Unauthorized';
  }
}

function grantsText(g: Grants | undefined): string {
  if (!g) return 'nothing';
  const parts = [g.send?.length ? `send ${g.send.join(', ')}` : '', g.listen?.length ? `listen ${g.listen.join(', ')}` : '', g.reveal ? 'reveal' : ''].filter(Boolean);
  return parts.join('; ') || 'nothing';
}

/** May `service` do `right` on `entity`? Always yes without a permissions block. */
export function permits(scenario: Scenario, service: string, right: Right, entity = ''): boolean {
  if (!scenario.permissions) return true;
  const g = scenario.permissions[service];
  if (!g) return false;
  if (right === 'reveal') return g.reveal === true;
  const list = right === 'send' ? g.send : g.listen;
  return !!list && (list.includes(entity) || list.includes('*'));
}

/** Records the refusal and returns the error to throw. */
export function deny(world: World, service: string, right: Right, entity: string, refs: { messageId?: string; correlationId?: string } = {}): Unauthorized {
  const error = new Unauthorized(service, right, entity, grantsText(world.scenario.permissions?.[service]));
  world.record({ kind: 'access.denied', actor: service, ...refs, data: { service, right, entity }, text: `Unauthorized: ${error.message}` });
  return error;
}

/** The broker checks each publish against the producer's send grants. */
export function permissionHooks(world: World): FaultHooks | undefined {
  if (!world.scenario.permissions) return undefined;
  return {
    publishBlocked(producer, destination) {
      if (permits(world.scenario, producer, 'send', destination)) return null;
      return deny(world, producer, 'send', destination);
    },
  };
}

// ── personal data ────────────────────────────────────────────────────────────

export const TOKEN_PATTERN = /^tok_[0-9a-f]{16}$/;

export function isToken(v: unknown): boolean {
  return typeof v === 'string' && TOKEN_PATTERN.test(v);
}

/** FNV-1a over the text in two 32-bit lanes: deterministic, no crypto (none in the engine). */
function hash64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193 + 2) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

const vaults = new WeakMap<World, Map<string, Json>>();

/** Swaps a value for its token and keeps the value in the run's vault. */
export function protect(world: World, value: unknown): string {
  if (isToken(value)) return value as string;
  const json = value === undefined ? null : (JSON.parse(JSON.stringify(value)) as Json);
  const token = `tok_${hash64(`brokerlab-vault/${world.scenario.id}/${JSON.stringify(json)}`)}`;
  let vault = vaults.get(world);
  if (!vault) vaults.set(world, (vault = new Map()));
  vault.set(token, json);
  return token;
}

/** The value behind a token (other values come back as they are), for services granted `reveal`. */
export function reveal(world: World, service: string, token: unknown, refs: { messageId?: string; correlationId?: string } = {}): Json {
  if (!isToken(token)) return (token ?? null) as Json;
  if (!permits(world.scenario, service, 'reveal')) throw deny(world, service, 'reveal', 'vault', refs);
  return vaults.get(world)?.get(token as string) ?? null;
}
