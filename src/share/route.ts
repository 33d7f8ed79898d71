// Where a share payload sits in a URL, and nothing else, so the page's first chunk can ask
// "does this address carry a shared run?" without loading the codec. The payload travels in
// the fragment (`#/share/…`): browsers never send the fragment to a server, so handler code in a
// link stays out of server logs, and no server's URL length limit applies to it.

export const SHARE_ROUTE = '#/share/';

/** The payload of a `#/share/<payload>` fragment, or null when the address shares nothing. */
export function sharePayloadOf(hash: string): string | null {
  return hash.startsWith(SHARE_ROUTE) ? hash.slice(SHARE_ROUTE.length) : null;
}

/** `base` (any page URL) with its fragment replaced by the share route. */
export function shareUrl(base: string, payload: string): string {
  const i = base.indexOf('#');
  return `${i < 0 ? base : base.slice(0, i)}${SHARE_ROUTE}${payload}`;
}
