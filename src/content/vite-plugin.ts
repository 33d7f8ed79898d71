// The build-time content check as a Vite plugin: before anything is bundled, every lesson is
// loaded from disk and validated (shape, check and fault names, scenarios with starter and
// solution code, handler files). Any problem fails the build with one line per problem, so
// broken content never ships; in dev the problems are printed without stopping the server.
// The checker is imported through tsx at build time, keeping the Vite config small.

import type { Plugin } from 'vite';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export function lessonsCheck(): Plugin {
  let command: 'build' | 'serve' = 'build';
  let root = '.';
  return {
    name: 'brokerlab-lessons-check',
    configResolved(config) {
      command = config.command;
      root = config.root;
    },
    async buildStart() {
      if (process.env.VITEST) return; // the lesson tests validate the course themselves
      const { tsImport } = await import('tsx/esm/api');
      const here = pathToFileURL(resolve(root, 'vite.config.ts')).href;
      const importer = (url: string) => tsImport(url, here) as Promise<Record<string, unknown>>;
      const { checkLessons } = (await importer(pathToFileURL(resolve(root, 'src/content/build-check.ts')).href)) as { checkLessons: (i: typeof importer) => Promise<string | null> };
      const problem = await checkLessons(importer);
      if (!problem) return;
      if (command === 'build') this.error(problem);
      else this.warn(problem);
    },
  };
}
