// Which share surface is open (Share, Export, Presenter), shared by the header's buttons and
// the layer that renders the dialogs. One small module-level instance: the page has one
// playground, and threading it through the header's props would touch every caller.

export type ShareSurface = 'share' | 'export' | 'present' | null;

class ShareUi {
  #open = $state<ShareSurface>(null);

  get open() { return this.#open; }

  show(surface: ShareSurface): void {
    this.#open = surface;
  }

  close(): void {
    this.#open = null;
  }
}

export const shareUi = new ShareUi();
