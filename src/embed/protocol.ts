// The embed's postMessage protocol, so a slide deck can drive a run one step per click. The
// parent posts commands; the embed answers every change of position with a report. Commands
// are accepted as a bare string ('next') or an object ({ type: 'next' } — with or without the
// 'brokerlab:' prefix); anything else is ignored. Only the embedding page is listened to, and
// only from the origin it named (`allowedOrigin`, else the embed's own origin); reports are
// posted to that origin only, so a page that frames the embed without naming itself hears
// nothing (captions can quote a run's data).
//
//   parent → embed  next | prev | first | last | play | pause | toggle
//                   { type: 'goto', position: N }   (N = steps shown, 0 … total)
//                   { type: 'get' }                  (ask for a report)
//   embed → parent  { type: 'brokerlab:ready', id, position, total }   once the run is loaded
//                   { type: 'brokerlab:position', id, position, total, playing, event, tick, caption, moment }
//                   { type: 'brokerlab:error', id, title, detail }
//
// A step is one row of the diagram (an arrow or a note); `event` is the matching cursor in the
// trace (events that have happened), the unit share links and the playground use. With
// `steps=key` (the default) next/prev move between the run's key moments and the end, so
// `position` jumps by several rows; `moment` names the key moment shown (null between them).

export const COMMANDS = ['next', 'prev', 'first', 'last', 'play', 'pause', 'toggle', 'goto', 'get'] as const;
export type CommandType = (typeof COMMANDS)[number];

export type EmbedCommand = { type: Exclude<CommandType, 'goto'> } | { type: 'goto'; position: number };

export interface PositionReport {
  type: 'brokerlab:position';
  id: string | null;
  position: number;
  total: number;
  playing: boolean;
  event: number;
  tick: number;
  caption: string;
  /** The key moment at this position (its label), or null. */
  moment: string | null;
}

export interface ReadyReport {
  type: 'brokerlab:ready';
  id: string | null;
  position: number;
  total: number;
}

export interface ErrorReport {
  type: 'brokerlab:error';
  id: string | null;
  title: string;
  detail: string;
}

export type EmbedReport = PositionReport | ReadyReport | ErrorReport;

/** A message from the parent as a command, or null when it is not one of ours. */
export function parseCommand(data: unknown): EmbedCommand | null {
  const raw = typeof data === 'string' ? { type: data } : data;
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as { type?: unknown; command?: unknown; position?: unknown };
  const name = typeof r.type === 'string' ? r.type : typeof r.command === 'string' ? r.command : null;
  if (!name) return null;
  const type = name.startsWith('brokerlab:') ? name.slice('brokerlab:'.length) : name;
  if (!(COMMANDS as readonly string[]).includes(type)) return null;
  if (type === 'goto') {
    const position = r.position;
    return typeof position === 'number' && Number.isFinite(position) ? { type, position: Math.trunc(position) } : null;
  }
  return { type: type as Exclude<CommandType, 'goto'> };
}

/** The targetOrigin to post reports with: the named origin, or '/' (the embed's own). */
export function reportTarget(allowedOrigin: string | null): string {
  return allowedOrigin ?? '/';
}

/** Whether a message event comes from the embedding page at the origin it is allowed. */
export function fromAllowedParent(event: { source: unknown; origin: string }, parent: unknown, self: unknown, allowedOrigin: string | null, ownOrigin: string): boolean {
  if (parent === self || event.source !== parent) return false;
  return event.origin === (allowedOrigin ?? ownOrigin);
}
