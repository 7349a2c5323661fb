import type { PlatformCases } from "./platform-cases";

/** A metadata-server identity token: Google's issuer, the service account's numeric unique id. */
export const GCP_CASES: PlatformCases = {
  sample: { issuer: "https://accounts.google.com", subject: "112233445566778899001" },
  recognised: [["https://accounts.google.com", undefined, "gcp"]],
  credentialName: { name: "gcp-112233445566778899001" },
};
