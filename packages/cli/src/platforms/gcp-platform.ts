import { type GcpFederatedCredentialOptions, gcpFederatedCredential, gcpSubject } from "@azfed/identity/gcp";
import { definePlatform } from "./define-platform";
import { textFlag } from "./platform-flags";

/**
 * Google Cloud for `azfed subject gcp` and `azfed fic gcp` (builders from `@azfed/gcp`): the subject
 * is the service account's numeric unique ID.
 *
 * @example
 * ```ts
 * gcpPlatform.subject({ uniqueId: "112233445566778899001" }); // "112233445566778899001"
 * ```
 */
export const gcpPlatform = definePlatform<GcpFederatedCredentialOptions>({
  name: "gcp",
  aliases: ["google-cloud"],
  provider: "gcp",
  title: "Google Cloud",
  subjectFlags: {
    uniqueId: textFlag(
      "<digits>",
      "the service account's numeric unique ID (gcloud iam service-accounts describe <email> --format='value(uniqueId)')",
    ),
  },
  credentialFlags: {
    issuer: textFlag("<url>", "the token issuer (default https://accounts.google.com)"),
  },
  subject: gcpSubject,
  federatedCredential: gcpFederatedCredential,
  flexible: false,
  subjectExamples: ["azfed subject gcp --unique-id 112233445566778899001"],
  credentialExamples: [
    "azfed fic gcp --unique-id 112233445566778899001 --format az --identity deployer --resource-group rg-app",
    "azfed fic gcp --unique-id 112233445566778899001 --format bicep --identity deployer",
  ],
});
