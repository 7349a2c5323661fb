import { mergeConfig } from "vitest/config";
import { azfedProject } from "../../vitest.shared";
import { scriptImports } from "./vitest.config";

/**
 * The tests `AZFED_MUTATION_PACKAGE=scripts pnpm mutation` runs against each mutant of
 * scripts/conformance-case.mjs (`stryker.config.mjs`): the script's in-process tests and those of
 * `conformanceCaseFromToken`, which it runs.
 */
export default mergeConfig(
  azfedProject("testing", {
    include: ["test/conformance-case-script-in-process.test.ts", "test/conformance-case-from-token.test.ts"],
  }),
  scriptImports,
);
