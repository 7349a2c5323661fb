import { azfedProject } from "../../vitest.shared";

// msal-node keeps the managed identity source it detects first (IMDS, App Service, …) in a static
// field for the life of the module, and managed-identity.test.ts and provider-environment.test.ts
// run on different sources: each file runs in its own worker thread.
export default azfedProject("identity", { pool: "threads" });
