// Applies the remembered colour theme before the first paint (index.html loads this in <head>,
// before the page shell draws), so a visitor who chose light or dark never sees the system's
// theme flash first. The app's theme state (src/ui/state/theme.svelte.ts) owns it afterwards.
try {
  var choice = localStorage.getItem('brokerlab.theme');
  if (choice === 'light' || choice === 'dark') document.documentElement.dataset.theme = choice;
} catch (e) {
  /* storage blocked: the system's theme it is */
}
