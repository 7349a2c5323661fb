import {
  type GcpFederatedCredentialOptions,
  type GcpSubjectOptions,
  gcpFederatedCredential,
  gcpSubject,
} from "@azfed/identity";
import { Option } from "commander";
import type { CliPlatform } from "./cli-platform";

/**
 * Google Cloud for `azfed subject gcp` and `azfed fic gcp` (builders from `@azfed/gcp`): the subject
 * is the service account's numeric unique ID.
 *
 * @example
 * ```ts
 * gcpPlatform.subject({ uniqueId: "112233445566778899001" }); // "112233445566778899001"
 * ```
 */
export const gcpPlatform: CliPlatform = {
  name: "gcp",
  aliases: ["google-cloud"],
  provider: "gcp",
  title: "Google Cloud",
  subjectOptions: () => [
    new Option(
      "--unique-id <digits>",
      "the service account's numeric unique ID (gcloud iam service-accounts describe <email> --format='value(uniqueId)')",
    ),
  ],
  credentialOptions: () => [
    new Option("--issuer <url>", "the token issuer (default https://accounts.google.com)"),
  ],
  subject: (values) => gcpSubject(values as unknown as GcpSubjectOptions),
  federatedCredential: (values) => gcpFederatedCredential(values as unknown as GcpFederatedCredentialOptions),
  flexible: false,
  subjectExamples: ["azfed subject gcp --unique-id 112233445566778899001"],
  credentialExamples: [
    "azfed fic gcp --unique-id 112233445566778899001 --format az --identity deployer --resource-group rg-app",
    "azfed fic gcp --unique-id 112233445566778899001 --format bicep --identity deployer",
  ],
};
