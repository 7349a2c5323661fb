import { randomUUID } from "node:crypto";
import type { EmulatedManagedIdentity } from "@azfed/testing";

/** What `promise` rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error("expected the promise to reject, but it resolved");
}

/** A new user-assigned identity of `tenantId` (fresh ids, so msal-node's token cache never serves another test's token). */
export function newIdentity(tenantId: string): EmulatedManagedIdentity {
  return { clientId: randomUUID(), principalId: randomUUID(), tenantId };
}
