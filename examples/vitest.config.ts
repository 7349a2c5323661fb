import { azfedProject } from "../vitest.shared";

// The same global setup as @azfed/identity: one test CA that this process and its children trust.
export default azfedProject("examples", { globalSetup: ["../packages/identity/test/global-setup.ts"] });
