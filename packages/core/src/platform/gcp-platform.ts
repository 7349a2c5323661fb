import type { Platform } from "./platform";

/**
 * Google Cloud: identity tokens from the metadata server, issuer `https://accounts.google.com`,
 * subject the service account's numeric unique id.
 *
 * @see https://cloud.google.com/compute/docs/instances/verifying-instance-identity
 */
export const GCP_PLATFORM: Platform = {
  id: "gcp",
  label: "Google Cloud",
  credentialNamePrefix: "gcp",
  subjectPrefix: /^$/,
  issued: (issuer) => issuer.host === "accounts.google.com",
  issuersWithoutTrailingSlash: ["https://accounts.google.com"],
};
