import { azfedProject } from "../../vitest.shared";

// The tests spawn the built `azfed` binary; the global setup builds it when it is stale.
export default azfedProject("cli", { globalSetup: ["./test/build-cli.global-setup.ts"] });
