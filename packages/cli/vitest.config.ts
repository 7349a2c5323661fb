import { azfedProject } from "../../vitest.shared";

// test/azfed-binary.test.ts spawns the built `azfed` binary (the other files run it in-process through
// `runCli`); the global setup builds it when it is stale.
export default azfedProject("cli", { globalSetup: ["./test/build-cli.global-setup.ts"] });
