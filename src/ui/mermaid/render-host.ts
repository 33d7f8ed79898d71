// Where mermaid draws before its SVG is placed. Mermaid measures text in a temporary element it
// appends to the container it is given — the page's body by default, where a tall figure made
// the whole page scroll for the moment it took (a lesson's prose figure: 155 px at 1440×900).
// One fixed, zero-height, clipped host keeps that drawing out of the page's flow; text still
// measures as it will look, since the host is rendered (not display: none) and page-wide.

let host: HTMLElement | null = null;

export function mermaidRenderHost(): HTMLElement {
  if (host?.isConnected) return host;
  host = document.createElement('div');
  host.setAttribute('aria-hidden', 'true');
  host.dataset.mermaidHost = '';
  host.style.cssText = 'position:fixed;left:0;top:0;width:100vw;height:0;overflow:hidden;visibility:hidden;pointer-events:none;contain:strict';
  document.body.appendChild(host);
  return host;
}
