import { azfedProject } from "../../vitest.shared";

/**
 * The tests `AZFED_MUTATION_PACKAGE=cli pnpm mutation` runs against each mutant of the CLI's files
 * (`stryker.config.mjs`): those that pin its terminal output (colours, escapes, bounded messages)
 * and the `doctor` and `token` commands, run in-process (`runCli`). `terminalSafe` is reached by
 * every line the CLI writes: with all 30 test files, each mutant's run collected all of them (about
 * 15 s a mutant at load 13). The built binary's and published types' tests would not see a mutant
 * of the source anyway, and no global setup builds anything.
 */
export default azfedProject("cli", {
  include: [
    "test/terminal-escapes.test.ts",
    "test/hostile.test.ts",
    "test/cli-basics.test.ts",
    "test/cli-consistency.test.ts",
    "test/one-voice.test.ts",
    "test/doctor*.test.ts",
    "test/token.test.ts",
  ],
  isolate: false,
});
