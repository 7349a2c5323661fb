import { azfedProject } from "../../vitest.shared";

/**
 * The tests `AZFED_MUTATION_PACKAGE=managed-identity pnpm mutation` runs against each mutant
 * (`stryker.config.mjs`): this package's own. As in `vitest.config.ts`, each file gets its own module
 * graph (msal-node keeps the managed identity source it detects first in a static field).
 * `AZFED_MUTATION_TESTS=provider` keeps the files that pin `managed-identity-provider.ts` against the
 * IMDS emulator alone (its answers word for word, the token's checks, the hostile answers) and in
 * Cloud Shell (msal-node's own refusal), without the exchanges with the Entra emulator.
 */
const providerTests = [
  "test/managed-identity-provider.test.ts",
  "test/managed-identity-imds-hostile.test.ts",
  "test/managed-identity-cloud-shell.test.ts",
];

export default azfedProject("managed-identity", {
  ...(process.env.AZFED_MUTATION_TESTS === "provider" ? { include: providerTests } : {}),
  pool: "threads",
});
