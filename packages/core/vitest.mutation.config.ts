import { azfedProject } from "../../vitest.shared";

/**
 * The tests `pnpm mutation` runs against each mutant: the unit and property tests of the mutated
 * files (credential, cache, retry, redaction, diagnosis) and the credential's and `sendRequest`'s
 * tests against the emulators, not the whole suite, so that a run fits on a 2-core machine.
 * `AZFED_MUTATION_TESTS=unit` leaves out the tests that start servers: quicker, for the files that
 * need no HTTP (redaction, cache, retry delays, diagnosis); `AZFED_MUTATION_TESTS=http` adds only
 * `sendRequest`'s own tests, for `send-request.ts`; `dispatcher` those and the proxy's, for
 * `default-dispatcher.ts`; `exchange` the credential's, for `msal-exchange.ts` and the credential.
 */
const unitTests = [
  "test/bounded-text.test.ts",
  "test/redact.test.ts",
  "test/scrub-secrets.test.ts",
  "test/tenant-id.test.ts",
  "test/token-reply.test.ts",
  "test/token-cache.test.ts",
  "test/retry.test.ts",
  "test/diagnosis*.test.ts",
  "test/entra-error-description.test.ts",
  "test/time-text.test.ts",
  "test/hostile-input.property.test.ts",
  "test/escape-control-characters.test.ts",
  "test/read-bounded-file.test.ts",
  "test/entra-error-description-linear.test.ts",
  "test/scrubbed-cause.test.ts",
  "test/read-bounded-file-failures.test.ts",
  "test/entra-error-body.test.ts",
  "test/http-request-error.test.ts",
  "test/logger-escapes.test.ts",
  "test/decode-assertion.test.ts",
  "test/read-platform-token.test.ts",
  "test/logger-sink.test.ts",
  "test/bounded-file-error.test.ts",
  "test/claims-challenge.test.ts",
  "test/token-file.test.ts",
];
const serverTests = [
  "test/federated-token-credential.test.ts",
  "test/credential-*.test.ts",
  "test/http-request.test.ts",
  "test/http-request-limits.test.ts",
  "test/hostile.test.ts",
  "test/cause-chain.test.ts",
  "test/scrub-then-shorten.test.ts",
];

/** `sendRequest`'s own tests. Every credential test reaches `sendRequest` too, and with them a run of
 * `send-request.ts` takes several times longer. */
const httpTests = ["test/http-request.test.ts", "test/http-request-limits.test.ts", "test/hostile.test.ts"];
/** What azfed keeps of a failure through a server (`http-request-error.ts`, `entra-error-body.ts`): the cause
 * chain's and scrub-then-shorten's tests. `scrubbed-cause.ts` itself needs only its unit tests. */
const causeTests = ["test/cause-chain.test.ts", "test/scrub-then-shorten.test.ts"];
/** The default dispatcher (`default-dispatcher.ts`): `sendRequest`'s tests and the proxy's. */
const dispatcherTests = [...httpTests, "test/http-request-proxy.test.ts"];
/** The exchange (`msal-exchange.ts`) and the credential: the credential's tests against the emulators. */
const exchangeTests = ["test/federated-token-credential.test.ts", "test/credential-*.test.ts"];
const testSets: Record<string, string[]> = {
  unit: unitTests,
  http: [...unitTests, ...httpTests],
  cause: [...unitTests, ...causeTests],
  dispatcher: [...unitTests, ...dispatcherTests],
  exchange: [...unitTests, ...exchangeTests],
};

export default azfedProject("core", {
  include: testSets[process.env.AZFED_MUTATION_TESTS ?? ""] ?? [...unitTests, ...serverTests],
  exclude: ["test/diagnosis-with-entra-emulator.test.ts"],
  // Each mutant runs the tests again: 25 generated cases per property, the hand-written cases do the rest.
  env: { AZFED_PROPERTY_RUNS: "25" },
  // One module graph for all test files of a run: each mutant's run then imports the sources once.
  isolate: false,
});
