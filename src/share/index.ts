// Sharing a run: the share state, its link codec and file format, migration of old versions,
// validation and the consent list for shared code. Pure (no DOM, storage or engine), loaded on
// demand by the page — only ./route.ts is small enough for the first chunk.

export * from './state';
export * from './problems';
export * from './codec';
export * from './file';
export * from './migrate';
export * from './validate';
export * from './bounds';
export * from './consent';
export * from './route';
export * from './branches';
