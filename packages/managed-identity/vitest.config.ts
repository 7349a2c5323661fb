import { azfedProject } from "../../vitest.shared";

// msal-node keeps the managed identity source it detects first (IMDS, App Service, …) in a static
// field for the life of the module, and these test files each run on a different source: each file
// gets its own module graph.
export default azfedProject("managed-identity", { pool: "threads" });
