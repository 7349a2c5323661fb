import { azfedProject } from "../../vitest.shared";

export default azfedProject("oidc-token");
