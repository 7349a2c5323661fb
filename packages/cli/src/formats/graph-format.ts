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
 * `azfed fic --format graph`: the Microsoft Graph request that creates the FIC, as an HTTP request
 * (the format of `.http` files): the request line `POST https://graph.microsoft.com/…/federatedIdentityCredentials`,
 * its `Content-Type` header, a blank line and the JSON body. Without an app id the URL holds the
 * placeholder `{client-id}`. Graph only manages FICs of app registrations, so a managed-identity
 * target is a usage error.
 * @see https://learn.microsoft.com/graph/api/application-post-federatedidentitycredentials
 *
 * @example
 * ```ts
 * renderGraph(fic, { kind: "application", appId: "00000000-0000-0000-0000-000000000000" });
 * // POST https://graph.microsoft.com/v1.0/applications(appId='00000000-0000-0000-0000-000000000000')/federatedIdentityCredentials
 * // Content-Type: application/json
 * //
 * // { "name": …, "issuer": …, "subject": …, "audiences": [ … ], "description": … }
 * ```
 */
export function renderGraph(fic: FederatedIdentityCredential, target: FicTarget): string {
  if (target.kind !== "application") {
    throw new UsageError(
      "--format graph writes the Microsoft Graph request for an app registration, but --identity/--resource-group name a managed identity; use --format az, bicep or terraform for a managed identity, or drop --identity and --resource-group",
    );
  }
  return [
    `POST ${graphEndpoint(fic, target.appId ?? "{client-id}")}`,
    "Content-Type: application/json",
    "",
    `${JSON.stringify(ficBody(fic), null, 2)}\n`,
  ].join("\n");
}
