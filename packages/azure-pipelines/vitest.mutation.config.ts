import { azfedProject } from "../../vitest.shared";

/**
 * The tests `AZFED_MUTATION_PACKAGE=azure-pipelines pnpm mutation` runs against each mutant
 * (`stryker.config.mjs`): this package's own, in one module graph, but for `subject-property.test.ts`
 * (the subject builders, not the provider), whose /eid1 property ran past vitest's 30 s in the dry
 * run of a `nice -n 19` run at load 22. Stryker runs only the tests that reach a mutant.
 * `AZFED_MUTATION_TESTS=provider` keeps the three files that pin `azure-pipelines-provider.ts` against
 * the Azure DevOps emulator (its settings, answers, advice, detection and the AzureCLI@2 step).
 */
const providerTests = [
  "test/azure-pipelines-settings.test.ts",
  "test/azure-pipelines-provider.test.ts",
  "test/azure-pipelines-detect-and-cli-step.test.ts",
];

export default azfedProject("azure-pipelines", {
  ...(process.env.AZFED_MUTATION_TESTS === "provider"
    ? { include: providerTests }
    : { exclude: ["test/subject-property.test.ts"] }),
  isolate: false,
});
