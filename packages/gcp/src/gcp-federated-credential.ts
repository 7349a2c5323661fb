import type { FederatedCredentialChoices, FederatedIdentityCredential } from "@azfed/core";
import { assembleFederatedCredential, requireHttpsIssuer } from "@azfed/core/provider";
import { GCP_ISSUER } from "./gcp-issuer";
import { gcpSubject } from "./gcp-subject";

/**
 * What {@link gcpFederatedCredential} needs.
 *
 * @example
 * ```ts
 * const options: GcpFederatedCredentialOptions = { uniqueId: "113562183298765432101" };
 * ```
 */
export interface GcpFederatedCredentialOptions extends FederatedCredentialChoices {
  /** The service account's numeric unique ID. */
  readonly uniqueId: string;
  /**
   * The issuer. Default `https://accounts.google.com`, the only issuer of Google identity tokens;
   * override it only for a test issuer (such as `@azfed/testing`'s metadata emulator).
   */
  readonly issuer?: string | undefined;
}

/**
 * The federated identity credential that lets workloads running as a Google service account (Compute
 * Engine, GKE, Cloud Run, Cloud Functions) exchange the metadata server's identity tokens.
 *
 * @example
 * ```ts
 * const fic = gcpFederatedCredential({ uniqueId: "113562183298765432101" });
 * // { name: "gcp-113562183298765432101", issuer: "https://accounts.google.com",
 * //   subject: "113562183298765432101", audiences: ["api://AzureADTokenExchange"], description: ... }
 * ```
 */
export function gcpFederatedCredential(options: GcpFederatedCredentialOptions): FederatedIdentityCredential {
  const subject = gcpSubject(options);
  const issuer = requireHttpsIssuer("issuer", options.issuer ?? GCP_ISSUER, {
    expected: "Google's issuer, https://accounts.google.com",
    fix: "leave issuer out to use https://accounts.google.com",
  });
  return assembleFederatedCredential(
    { platform: "gcp", issuer, subject, summary: `Google Cloud service account with unique ID ${subject}` },
    options,
  );
}
