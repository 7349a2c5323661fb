import { azfedProject } from "../../vitest.shared";

/**
 * The tests `AZFED_MUTATION_PACKAGE=kubernetes pnpm mutation` runs against each mutant
 * (`stryker.config.mjs`): this package's own, in one module graph, but for `hostile.test.ts`, whose
 * FIFO cases run the source in a child process (which a mutant does not reach) with a 10 s limit that
 * a `nice -n 19` run on a loaded machine passes (the dry run failed on it at load 19).
 */
export default azfedProject("kubernetes", { exclude: ["test/hostile.test.ts"], isolate: false });
