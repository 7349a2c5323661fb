import { azfedProject } from "../../vitest.shared";

/**
 * The tests `pnpm mutation` runs against each mutant: those of the mutated files (credential, cache,
 * retry, redaction, diagnosis), not the whole suite, so that a run fits on a 2-core machine.
 */
export default azfedProject("core", {
  include: [
    "test/federated-token-credential.test.ts",
    "test/credential-*.test.ts",
    "test/token-cache.test.ts",
    "test/http-request.test.ts",
    "test/redact.test.ts",
    "test/diagnosis.test.ts",
    "test/hostile.test.ts",
    "test/hostile-input.property.test.ts",
  ],
});
