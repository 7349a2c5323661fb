import type { FederatedIdentityCredential } from "@azfed/core";
import { UsageError } from "../usage-error";
import type { FicTarget } from "./fic-target";
import { ficBody } from "./json-format";

/**
 * The Microsoft Graph endpoint that creates a FIC on an app registration: v1.0, or beta for a
 * flexible FIC (`claimsMatchingExpression` is a preview property). The app is addressed by its
 * client id through Graph's `appId` alternate key.
 *
 * @example
 * ```ts
 * graphEndpoint(fic, "00000000-0000-0000-0000-000000000000");
 * // "https://graph.microsoft.com/v1.0/applications(appId='00000000-0000-0000-0000-000000000000')/federatedIdentityCredentials"
 * ```
 */
export function graphEndpoint(fic: FederatedIdentityCredential, appId: string): string {
  const version = fic.claimsMatchingExpression === undefined ? "v1.0" : "beta";
  return `https://graph.microsoft.com/${version}/applications(appId='${appId}')/federatedIdentityCredentials`;
}

/**
 * `azfed fic --format graph`: the JSON body of `POST /applications/{id}/federatedIdentityCredentials`.
 * Graph only manages FICs of app registrations, so a managed-identity target is a usage error.
 *
 * @example
 * ```ts
 * await fetch(graphEndpoint(fic, appId), { method: "POST", body: renderGraph(fic, { kind: "application" }), ... });
 * ```
 */
export function renderGraph(fic: FederatedIdentityCredential, target: FicTarget): string {
  if (target.kind !== "application") {
    throw new UsageError(
      "--format graph writes the Microsoft Graph request for an app registration, but --identity/--resource-group name a managed identity; use --format az, bicep or terraform for a managed identity, or drop --identity and --resource-group",
    );
  }
  return `${JSON.stringify(ficBody(fic), null, 2)}\n`;
}
