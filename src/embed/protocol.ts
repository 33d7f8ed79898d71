// The embed's postMessage protocol, so a slide deck can drive a run one step per click. The
// parent posts commands; the embed answers every change of position with a report. Commands
// are accepted as a bare string ('next') or an object ({ type: 'next' } — with or without the
// 'brokerlab:' prefix). Only the embedding page (window.parent) is listened to; reports go to
// it with targetOrigin '*', since a position is no secret and the deck's origin is unknown.
//
//   parent → embed  next | prev | first | last | play | pause | toggle
//                   { type: 'goto', position: N }   (N = steps shown, 0 … total)
//                   { type: 'get' }                  (ask for a report)
//   embed → parent  { type: 'brokerlab:ready', id, position, total }   once the run is loaded
//                   { type: 'brokerlab:position', id, position, total, playing, event, tick, caption }
//                   { type: 'brokerlab:error', id, title, detail }
//
// A step is one row of the diagram (an arrow or a note); `event` is the matching cursor in the
// trace (events that have happened), the unit share links and the playground use.

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
    const position = Number(r.position);
    return Number.isFinite(position) ? { type, position: Math.trunc(position) } : null;
  }
  return { type: type as Exclude<CommandType, 'goto'> };
}
