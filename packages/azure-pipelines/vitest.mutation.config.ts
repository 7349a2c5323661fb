import { azfedProject } from "../../vitest.shared";

/**
 * The tests `AZFED_MUTATION_PACKAGE=azure-pipelines pnpm mutation` runs against each mutant (`stryker.config.mjs`):
 * this package's own, in one module graph. Stryker runs only the tests that reach a mutant.
 */
export default azfedProject("azure-pipelines", { isolate: false });
