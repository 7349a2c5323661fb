import {
  DEFAULT_EXCHANGE_AUDIENCE,
  deriveFederatedCredentialName,
  type FederatedIdentityCredential,
  requireFederatedCredentialName,
  requireFicFieldLength,
  requireSubjectPart,
} from "@azfed/core";
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
export interface GcpFederatedCredentialOptions {
  /** The service account's numeric unique ID. */
  readonly uniqueId: string;
  /** The audience the workload requests its identity token for. Default `api://AzureADTokenExchange`. */
  readonly audience?: string | undefined;
  /** The credential's name (immutable once created). Default `gcp-{uniqueId}`. */
  readonly name?: string | undefined;
  /** Default: a sentence naming the service account's unique ID. */
  readonly description?: string | undefined;
  /**
   * The issuer. Default `https://accounts.google.com`, the only issuer of Google identity tokens;
   * override it only for a test issuer (such as `@azfed/testing`'s metadata emulator).
   */
  readonly issuer?: string | undefined;
}

const HTTPS_URL = /^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/;

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
  const issuer = requireFicFieldLength(
    "issuer",
    requireSubjectPart("issuer", options.issuer ?? GCP_ISSUER, {
      pattern: HTTPS_URL,
      expected: "an https:// issuer URL (Google's is https://accounts.google.com)",
      fix: "leave issuer out to use https://accounts.google.com",
    }),
  );
  const audience = requireFicFieldLength(
    "audience",
    requireSubjectPart("audience", options.audience ?? DEFAULT_EXCHANGE_AUDIENCE, {
      expected: "the audience the workload requests its identity token for, e.g. api://AzureADTokenExchange",
    }),
  );
  const name =
    options.name === undefined
      ? deriveFederatedCredentialName(["gcp", subject])
      : requireFederatedCredentialName(options.name);
  return {
    name,
    issuer,
    subject,
    audiences: [audience],
    description: options.description ?? `Google Cloud service account with unique ID ${subject}`,
  };
}
