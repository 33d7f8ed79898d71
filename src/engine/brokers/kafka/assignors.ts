// Partition assignment strategies of a consumer group (ref §3.4), as pure functions of the
// partitions, the members (sorted by member id, as the coordinator does) and, for the sticky
// ones, the previous assignment:
//   range              contiguous ranges; the first (P mod M) members get one extra;
//   roundrobin         partitions dealt out in turn;
//   sticky / cooperative-sticky  balanced (sizes differ by at most one) while keeping as many
//                      previous owners as possible. Cooperative-sticky uses the same placement
//                      with the incremental protocol: only partitions that move are revoked.

export type Strategy = 'range' | 'roundrobin' | 'sticky' | 'cooperative-sticky';
export const STRATEGIES: readonly Strategy[] = ['range', 'roundrobin', 'sticky', 'cooperative-sticky'];

export type Assignment = Map<string, number[]>;

export function assign(strategy: Strategy, partitions: number, members: readonly string[], previous: Assignment): Assignment {
  const sorted = [...members].sort();
  if (strategy === 'range') return rangeAssign(partitions, sorted);
  if (strategy === 'roundrobin') return roundRobinAssign(partitions, sorted);
  return stickyAssign(partitions, sorted, previous);
}

export function rangeAssign(partitions: number, members: readonly string[]): Assignment {
  const out: Assignment = new Map();
  const n = members.length;
  if (n === 0) return out;
  const per = Math.floor(partitions / n);
  const extra = partitions % n;
  let next = 0;
  members.forEach((m, i) => {
    const count = per + (i < extra ? 1 : 0);
    out.set(m, Array.from({ length: count }, (_, k) => next + k));
    next += count;
  });
  return out;
}

export function roundRobinAssign(partitions: number, members: readonly string[]): Assignment {
  const out: Assignment = new Map(members.map((m) => [m, [] as number[]]));
  for (let p = 0; p < partitions && members.length > 0; p++) out.get(members[p % members.length])!.push(p);
  return out;
}

export function stickyAssign(partitions: number, members: readonly string[], previous: Assignment): Assignment {
  const out: Assignment = new Map(members.map((m) => [m, [] as number[]]));
  const n = members.length;
  if (n === 0) return out;
  const base = Math.floor(partitions / n);
  let withExtra = partitions % n;
  const taken = new Set<number>();
  // Keep previous partitions, up to the quota; the members that held most keep the extra slots.
  const byPrevious = [...members].sort((a, b) => (previous.get(b)?.length ?? 0) - (previous.get(a)?.length ?? 0) || (a < b ? -1 : 1));
  for (const m of byPrevious) {
    const quota = base + (withExtra > 0 && (previous.get(m)?.length ?? 0) > base ? 1 : 0);
    if (quota > base) withExtra--;
    for (const p of [...(previous.get(m) ?? [])].sort((a, b) => a - b)) {
      if (p < partitions && !taken.has(p) && out.get(m)!.length < quota) {
        out.get(m)!.push(p);
        taken.add(p);
      }
    }
  }
  // Hand the rest to the least loaded members, lowest id first.
  for (let p = 0; p < partitions; p++) {
    if (taken.has(p)) continue;
    let best = members[0];
    for (const m of members) if (out.get(m)!.length < out.get(best)!.length) best = m;
    out.get(best)!.push(p);
    taken.add(p);
  }
  for (const list of out.values()) list.sort((a, b) => a - b);
  return out;
}
