// Scroll-follow in the live diagram: while the run plays, the view stays on the newest row,
// unless the reader scrolls away ("follow" brings it back). Where the view is comes from the
// layout's own geometry, never read back from the page:
// - while following, the top of the view is the bottom of the content, computed in the same
//   frame as the cursor moves (reading it back from the scroll event a frame later drew every
//   playing frame twice);
// - the scroll offset is written where layout is clean: a ResizeObserver on the body calls back
//   after layout, before paint (writing it from an effect, right after the rows changed, made the
//   browser lay the page out there and then, and again after the rest of the frame's updates);
// - the scroll event our own write sends needs no reading back (reading scrollTop in a scroll
//   event lays the page out when a streamed batch changed it since the last frame). Any input of
//   the reader's (wheel, pointer, touch, key) clears that, so their scrolls are read.

import { untrack } from 'svelte';

export interface FollowGeometry {
  /** Scroll height of the content, in px (from the layout, not the page). */
  contentHeight(): number;
  /** How close to the bottom, in px, still counts as following (about a row and a half). */
  slack(): number;
}

export class ScrollFollow {
  follow = $state(true);
  /** The reader's scroll offset, when not following. */
  scrollTop = $state(0);
  viewHeight = $state(480);
  viewWidth = $state(800);
  readonly #geometry: FollowGeometry;
  /** The top of the view, in px: the bottom of the content while following. */
  readonly viewTop = $derived.by(() => (this.follow ? Math.max(0, this.#geometry.contentHeight() - this.viewHeight) : this.scrollTop));
  #ownScrollPending = false;

  constructor(geometry: FollowGeometry) {
    this.#geometry = geometry;
  }

  /**
   * Watches the scroller's size, the body's height and the reader's input; the returned function
   * stops watching (for an `$effect` to own).
   */
  attach(view: HTMLElement, body: Element): () => void {
    const resized = new ResizeObserver(() => {
      this.viewHeight = view.clientHeight;
      this.viewWidth = view.clientWidth;
      if (this.follow) this.scrollToEnd(view);
    });
    resized.observe(view);
    const grown = new ResizeObserver(() => {
      if (this.follow) this.scrollToEnd(view);
    });
    grown.observe(body);
    const reader = () => (this.#ownScrollPending = false);
    const kinds = ['wheel', 'pointerdown', 'touchstart', 'keydown'] as const;
    for (const kind of kinds) view.addEventListener(kind, reader, { passive: true, capture: true });
    return () => {
      resized.disconnect();
      grown.disconnect();
      for (const kind of kinds) view.removeEventListener(kind, reader, { capture: true });
    };
  }

  /** Scrolls to the newest row; call where layout is clean (a ResizeObserver) or on a click. */
  scrollToEnd(view: HTMLElement): void {
    const before = view.scrollTop;
    view.scrollTop = untrack(() => this.#geometry.contentHeight());
    if (view.scrollTop !== before) this.#ownScrollPending = true;
  }

  /** The scroller's scroll event: the reader's scroll stops or resumes following. */
  onScroll(view: HTMLElement): void {
    if (this.#ownScrollPending && this.follow) {
      this.#ownScrollPending = false;
      return;
    }
    this.#ownScrollPending = false;
    this.scrollTop = view.scrollTop;
    const contentHeight = this.#geometry.contentHeight();
    this.follow = Math.max(contentHeight, this.viewHeight) - this.scrollTop - this.viewHeight < this.#geometry.slack();
  }

  /** "Follow the run" again, from where the reader was. */
  resume(view: HTMLElement | undefined): void {
    this.follow = true;
    if (view) this.scrollToEnd(view);
  }

  /** Stops following and shows `top` (clamped to what the content allows). */
  showAt(view: HTMLElement, top: number): void {
    this.follow = false;
    this.scrollTop = Math.max(0, Math.min(top, untrack(() => this.#geometry.contentHeight() - this.viewHeight)));
    view.scrollTop = this.scrollTop;
  }
}
