// Mutation testing of core's credential, cache, retry, redaction and diagnosis code (issue 12).
// `pnpm mutation` runs it on every file below (more than an hour on 2 cores); scope it with e.g.
// `pnpm mutation --mutate packages/core/src/redact.ts`, and leave out the tests that start servers
// with `AZFED_MUTATION_TESTS=unit` for the files that need none. Scores per file and timings:
// docs/testing.md.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "packages/core/vitest.mutation.config.ts", dir: "packages/core" },
  plugins: ["@stryker-mutator/vitest-runner"],
  coverageAnalysis: "perTest",
  // Module-level mutants (a changed regular expression constant) need every test run for each: with
  // them, a run takes hours on 2 cores. They are left out of the score; the patterns they would change
  // are pinned by redact.test.ts, hostile.test.ts and the property tests.
  ignoreStatic: true,
  mutate: [
    "packages/core/src/credential/federated-token-credential.ts",
    "packages/core/src/credential/token-cache.ts",
    "packages/core/src/credential/token-reply.ts",
    "packages/core/src/credential/tenant-id.ts",
    "packages/core/src/http/retry.ts",
    "packages/core/src/http/send-request.ts",
    "packages/core/src/redact.ts",
    "packages/core/src/scrub-secrets.ts",
    "packages/core/src/bounded-text.ts",
    "packages/core/src/escape-control-characters.ts",
    "packages/core/src/errors/scrubbed-cause.ts",
    "packages/core/src/files/read-bounded-file.ts",
    "packages/core/src/diagnosis/*.ts",
  ],
  // One test process: the machine's other core stays free. Raise it on a bigger machine.
  concurrency: 1,
  // A mutant's time limit is its tests' own time × 1.5 plus this: an endless loop costs 5 s, not 20.
  timeoutMS: 5_000,
  dryRunTimeoutMinutes: 20,
  reporters: ["clear-text", "progress-append-only", "json"],
  jsonReporter: { fileName: ".ci/out/mutation/core.json" },
  tempDirName: ".stryker-tmp",
  ignorePatterns: ["dist", "docs/api", "coverage", ".ci/out", ".azurite"],
  cleanTempDir: "always",
  thresholds: { high: 90, low: 80, break: null },
};
