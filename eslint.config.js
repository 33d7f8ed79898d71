// Engine purity lint. The pure core (src/engine, src/scenarios, src/projections) must be
// deterministic and UI-free: no ambient time, randomness, timers, I/O or DOM, and no imports
// of UI, worker or browser-only libraries. tsconfig.engine.json removes the DOM/Node *types*;
// this lint catches what types cannot (Math.random, Date, globalThis tricks, forbidden imports).
// Exported pieces are reused by test/purity to prove the rules fire. Plain JS so ESLint loads
// it on Node 20 without a TypeScript loader.

import tseslint from 'typescript-eslint';

export const PURE_FILES = ['src/engine/**/*.ts', 'src/scenarios/**/*.ts', 'src/projections/**/*.ts'];

const forbiddenGlobals = [
  'Date', 'performance', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout',
  'clearInterval', 'queueMicrotask', 'requestAnimationFrame', 'crypto', 'window', 'self',
  'document', 'navigator', 'location', 'localStorage', 'sessionStorage', 'indexedDB', 'fetch',
  'XMLHttpRequest', 'WebSocket', 'Worker', 'process', 'require', 'global', 'Buffer',
].map((name) => ({ name, message: `${name} is not deterministic/pure: the engine gets time, randomness and I/O from its host.` }));

const forbiddenProperties = [
  { object: 'Math', property: 'random', message: 'Use the seeded Random stream (rng.fork(name)).' },
  { object: 'Date', property: 'now', message: 'Use virtual time (clock.now()).' },
  { object: 'performance', property: 'now', message: 'Use virtual time (clock.now()).' },
  { object: 'globalThis', property: 'Date', message: 'No ambient time in the engine.' },
  { object: 'globalThis', property: 'crypto', message: 'Ids come from the seed.' },
  { object: 'globalThis', property: 'setTimeout', message: 'Schedule on the event queue.' },
  { object: 'globalThis', property: 'performance', message: 'No ambient time in the engine.' },
  { object: 'globalThis', property: 'fetch', message: 'No I/O in the engine.' },
];

const forbiddenImports = {
  paths: [
    { name: 'svelte', message: 'The engine never imports UI code.' },
    { name: 'comlink', message: 'The worker boundary lives in src/worker.' },
    { name: 'monaco-editor', message: 'The editor is UI.' },
    { name: 'mermaid', message: 'Mermaid renders in the UI; projections emit text.' },
  ],
  patterns: [
    { group: ['svelte/*', 'monaco-editor/*', 'mermaid/*'], message: 'The engine never imports UI libraries.' },
    { group: ['**/ui/**', '**/ui', '**/worker/**', '**/worker'], message: 'The engine never imports src/ui or src/worker.' },
    { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'perf_hooks', 'timers'], message: 'The engine runs in Node and the browser alike: no Node built-ins.' },
  ],
};

/** @type {import('eslint').Linter.RulesRecord} */
export const purityRules = {
  'no-restricted-globals': ['error', ...forbiddenGlobals],
  'no-restricted-properties': ['error', ...forbiddenProperties],
  'no-restricted-imports': ['error', forbiddenImports],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**'] },
  {
    files: PURE_FILES,
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    // Other tools' disable comments (e.g. no-explicit-any) are not this lint's business.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: purityRules,
  },
);
