import { randomUUID } from "node:crypto";
import type { EmulatedManagedIdentity } from "@azfed/testing";

/** A new user-assigned identity of `tenantId` (fresh ids, so msal-node's token cache never serves another test's token). */
export function newIdentity(tenantId: string): EmulatedManagedIdentity {
  return { clientId: randomUUID(), principalId: randomUUID(), tenantId };
}
