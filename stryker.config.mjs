// Mutation testing (issues 12 and 20). `pnpm mutation` scores core's credential, cache, retry,
// redaction and diagnosis code (more than an hour on 2 cores); scope it with e.g.
// `pnpm mutation --mutate packages/core/src/redact.ts`, and leave out the tests that start servers
// with `AZFED_MUTATION_TESTS=unit` for the files that need none. Another package's files:
// `AZFED_MUTATION_PACKAGE=cli pnpm mutation` (one of the keys of `PACKAGES` below) runs that
// package's `vitest.mutation.config.ts` on its files. Scores per file and timings: docs/testing.md.

/**
 * What each package mutates, and where its `vitest.mutation.config.ts` is (`dir`). `scripts` is
 * `scripts/conformance-case.mjs`, tested in-process by @azfed/testing's tests.
 */
const PACKAGES = {
  core: {
    dir: "packages/core",
    mutate: [
      "packages/core/src/credential/federated-token-credential.ts",
      "packages/core/src/credential/token-cache.ts",
      "packages/core/src/credential/token-reply.ts",
      "packages/core/src/credential/msal-exchange.ts",
      "packages/core/src/credential/claims-challenge.ts",
      "packages/core/src/fic/decode-assertion.ts",
      "packages/core/src/provider/read-platform-token.ts",
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
  },
  cli: {
    dir: "packages/cli",
    mutate: [
      "packages/cli/src/terminal-style.ts",
      "packages/cli/src/bounded-message.ts",
      "packages/cli/src/doctor/claims-report.ts",
    ],
  },
  gcp: {
    dir: "packages/gcp",
    mutate: ["packages/gcp/src/detect-gcp.ts", "packages/gcp/src/gcp-provider.ts"],
  },
  kubernetes: {
    dir: "packages/kubernetes",
    mutate: [
      "packages/kubernetes/src/projected-token-file.ts",
      "packages/kubernetes/src/identity-binding-proxy.ts",
      "packages/kubernetes/src/kubernetes-subject-from-environment.ts",
    ],
  },
  "managed-identity": {
    dir: "packages/managed-identity",
    mutate: ["packages/managed-identity/src/managed-identity-provider.ts"],
  },
  "azure-pipelines": {
    dir: "packages/azure-pipelines",
    mutate: ["packages/azure-pipelines/src/azure-pipelines-provider.ts"],
  },
  scripts: { dir: "packages/testing", mutate: ["scripts/conformance-case.mjs"] },
};

const name = process.env.AZFED_MUTATION_PACKAGE ?? "core";
const chosen = PACKAGES[name];
if (chosen === undefined) {
  throw new Error(
    `AZFED_MUTATION_PACKAGE=${JSON.stringify(name)} is not one of ${Object.keys(PACKAGES).join(", ")}; unset it for core`,
  );
}

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: `${chosen.dir}/vitest.mutation.config.ts`, dir: chosen.dir },
  plugins: ["@stryker-mutator/vitest-runner"],
  coverageAnalysis: "perTest",
  // Module-level mutants (a changed regular expression constant) need every test run for each: with
  // them, a run takes hours on 2 cores. They are left out of the score; the patterns they would change
  // are pinned by redact.test.ts, hostile.test.ts and the property tests.
  ignoreStatic: true,
  mutate: chosen.mutate,
  // One test process: the machine's other core stays free. Raise it on a bigger machine.
  concurrency: 1,
  // A mutant's time limit is its tests' own time × 1.5 plus this: an endless loop costs 5 s, not 20.
  timeoutMS: 5_000,
  dryRunTimeoutMinutes: 20,
  reporters: ["clear-text", "progress-append-only", "json"],
  jsonReporter: { fileName: `.ci/out/mutation/${name}.json` },
  tempDirName: ".stryker-tmp",
  ignorePatterns: ["dist", "docs/api", "coverage", ".ci/out", ".azurite"],
  cleanTempDir: "always",
  thresholds: { high: 90, low: 80, break: null },
};
