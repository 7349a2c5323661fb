import { azfedProject } from "../../vitest.shared";

/**
 * The tests `AZFED_MUTATION_PACKAGE=kubernetes pnpm mutation` runs against each mutant
 * (`stryker.config.mjs`): this package's own, in one module graph, but for `hostile.test.ts`, whose
 * FIFO cases run the source in a child process (which a mutant does not reach) with a 10 s limit that
 * a `nice -n 19` run on a loaded machine passes (the dry run failed on it at load 19).
 * `AZFED_MUTATION_TESTS=unit` keeps only the tests that pin `projected-token-file.ts` and
 * `kubernetes-subject-from-environment.ts` word for word: with the end-to-end tests (token
 * rotations that take seconds), 70 mutants took 41 minutes at load 19. `AZFED_MUTATION_TESTS=proxy` runs
 * `identity-binding-proxy-route.test.ts` alone, which pins each route and refusal of
 * `identity-binding-proxy.ts` word for word in milliseconds a case: with the token exchanges of
 * `identity-binding-proxy.test.ts` as well, 33 of 179 mutants took 9 minutes at load 17 (a mutant that
 * breaks the route hangs an exchange until its time limit).
 */
const unitTests = ["test/projected-token-file.test.ts", "test/kubernetes-subject-from-environment.test.ts"];
const proxyTests = ["test/identity-binding-proxy-route.test.ts"];

export default azfedProject("kubernetes", {
  ...(process.env.AZFED_MUTATION_TESTS === "unit"
    ? { include: unitTests }
    : process.env.AZFED_MUTATION_TESTS === "proxy"
      ? { include: proxyTests }
      : { exclude: ["test/hostile.test.ts"] }),
  isolate: false,
});
