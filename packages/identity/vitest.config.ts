import { azfedProject } from "../../vitest.shared";

export default azfedProject("identity", { globalSetup: ["test/global-setup.ts"] });
