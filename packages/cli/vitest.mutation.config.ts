import { azfedProject } from "../../vitest.shared";

/**
 * The tests `AZFED_MUTATION_PACKAGE=cli pnpm mutation` runs against each mutant of the CLI's files
 * (`stryker.config.mjs`): those that pin its terminal output (colours, escapes, bounded messages)
 * and the `doctor` and `token` commands, run in-process (`runCli`). `terminalSafe` is reached by
 * every line the CLI writes: with all 30 test files, each mutant's run collected all of them (about
 * 15 s a mutant at load 13). The built binary's and published types' tests would not see a mutant
 * of the source anyway, and no global setup builds anything. `AZFED_MUTATION_TESTS=terminal` keeps
 * only the unit tests of the three scored files (`terminal-style.ts`, `bounded-message.ts`,
 * `doctor/claims-report.ts`) and the escape tests.
 */
const terminalTests = [
  "test/terminal-style.test.ts",
  "test/claims-report.test.ts",
  "test/terminal-escapes.test.ts",
  "test/hostile.test.ts",
];
const commandTests = [
  "test/cli-basics.test.ts",
  "test/cli-consistency.test.ts",
  "test/one-voice.test.ts",
  "test/doctor*.test.ts",
  "test/token.test.ts",
];

export default azfedProject("cli", {
  include:
    process.env.AZFED_MUTATION_TESTS === "terminal" ? terminalTests : [...terminalTests, ...commandTests],
  isolate: false,
});
