import { defineConfig } from "vitest/config";

/**
 * Options of the whole run; each package's own options are in its `vitest.config.ts` (the projects
 * listed in `vitest.workspace.ts`, built by `azfedProject` in `vitest.shared.ts`).
 *
 * Worker processes are reused from one test file to the next within a project (each project still
 * starts in fresh workers), so a project's modules are loaded once per worker, not once per file.
 * Projects that need a fresh module graph for each file run in the `threads` pool, which keeps one
 * worker thread per file (`poolOptions.threads.isolate`, true by default).
 */
export default defineConfig({
  test: {
    poolOptions: { forks: { isolate: false } },
  },
});
