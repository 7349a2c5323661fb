import { azfedProject } from "../../vitest.shared";

/**
 * The tests `AZFED_MUTATION_PACKAGE=managed-identity pnpm mutation` runs against each mutant
 * (`stryker.config.mjs`): this package's own. As in `vitest.config.ts`, each file gets its own module
 * graph (msal-node keeps the managed identity source it detects first in a static field).
 * `AZFED_MUTATION_TESTS=provider` keeps `managed-identity-provider.test.ts` alone, which pins
 * `managed-identity-provider.ts` against the IMDS emulator (its answers word for word, the token's
 * checks) without the exchanges with the Entra emulator. One file: under Stryker the files shared
 * msal-node's static identity source, and a second file's requests went to the first file's closed
 * emulator (the dry run failed with the hostile tests and the Cloud Shell tests beside it).
 */
const providerTests = ["test/managed-identity-provider.test.ts"];

export default azfedProject("managed-identity", {
  ...(process.env.AZFED_MUTATION_TESTS === "provider" ? { include: providerTests } : {}),
  pool: "threads",
});
