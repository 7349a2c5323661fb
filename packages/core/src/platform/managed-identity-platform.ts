import { GUID_PATTERN } from "../guid";
import type { Platform } from "./platform";

/** An Entra tenant's v2.0 issuer path, `/{tenant id}/v2.0`. */
const ENTRA_V2_PATH = /^\/([^/]+)\/v2\.0\/?$/i;

/**
 * An Azure managed identity's token used as the assertion: Entra issued it itself (issuer
 * `https://{authority}/{tenant id}/v2.0`), its subject is the identity's principal id (a GUID).
 * Azure Pipelines' Entra-issued tokens (subject `/eid1/…`) are recognised first, as Azure Pipelines.
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity
 *   ("the case-sensitive GUID of the managed identity's Object (Principal) ID")
 */
export const MANAGED_IDENTITY_PLATFORM: Platform = {
  id: "managed-identity",
  label: "Azure managed identity",
  credentialNamePrefix: "managed-identity",
  subjectPrefix: /^$/,
  issued: (issuer, subject) =>
    GUID_PATTERN.test(ENTRA_V2_PATH.exec(issuer.path)?.[1] ?? "") &&
    subject !== undefined &&
    GUID_PATTERN.test(subject),
  // Entra compares subjects case-sensitively and a managed identity's tokens carry its principal id in
  // lower case, so a credential holding upper-case hex digits never matches.
  subjectShapeWarning(subject) {
    if (subject === subject.toLowerCase()) return undefined;
    return {
      rule: "managed-identity-subject-case",
      message: `a managed identity's tokens carry its principal id in lower case and Entra compares subjects case-sensitively, so this credential never matches. Fix: use ${JSON.stringify(subject.toLowerCase())}`,
    };
  },
};
