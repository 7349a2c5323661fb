import { azfedProject } from "../../vitest.shared";

/**
 * The tests `AZFED_MUTATION_PACKAGE=managed-identity pnpm mutation` runs against each mutant
 * (`stryker.config.mjs`): this package's own. As in `vitest.config.ts`, each file gets its own module
 * graph (msal-node keeps the managed identity source it detects first in a static field).
 */
export default azfedProject("managed-identity", { pool: "threads" });
