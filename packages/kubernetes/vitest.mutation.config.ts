import { azfedProject } from "../../vitest.shared";

/**
 * The tests `AZFED_MUTATION_PACKAGE=kubernetes pnpm mutation` runs against each mutant (`stryker.config.mjs`):
 * this package's own, in one module graph; 25 generated cases per property, the hand-written cases
 * do the rest. Stryker runs only the tests that reach a mutant.
 */
export default azfedProject("kubernetes", { env: { AZFED_PROPERTY_RUNS: "25" }, isolate: false });
