// Svelte compiler options shared by vite and svelte-check: runes mode everywhere, so legacy
// `export let` / `$:` reactivity cannot creep in.
export default {
  compilerOptions: { runes: true },
};
