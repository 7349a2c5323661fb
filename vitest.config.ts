import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * One worker per core. vitest's default is one fewer, which on a 2-core machine leaves a single
 * worker and half the machine idle. `minWorkers` equal to `maxWorkers` keeps tinypool from retiring
 * an idle worker on a timer: with workers reused across files, that timer can fire after vitest has
 * already retired the same worker between two projects, and the second retirement ends the run with
 * "Terminating worker thread" (seen here with 3 workers in every run; none with `minWorkers` =
 * `maxWorkers`).
 *
 * @see https://github.com/tinylibs/tinypool/blob/main/src/index.ts (`_onWorkerAvailable`'s idle
 *   timeout and `recycleWorkers` both call `_removeWorker`)
 */
const workers = Math.max(1, availableParallelism());

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
    maxWorkers: workers,
    minWorkers: workers,
  },
});
