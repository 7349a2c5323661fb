import { KNOWN_CLOUDS } from "@azfed/identity";
import {
  type ManagedIdentityFederatedCredentialOptions,
  managedIdentityFederatedCredential,
  managedIdentitySubject,
} from "@azfed/identity/managed-identity";
import { definePlatform } from "./define-platform";
import { choiceFlag, textFlag } from "./platform-flags";

/**
 * An Azure user-assigned managed identity for `azfed subject managed-identity` and `azfed fic
 * managed-identity` (builders from `@azfed/managed-identity`): the subject is the identity's object
 * (principal) id, the issuer its tenant's v2.0 authority, and the FIC goes on an app registration.
 *
 * @example
 * ```ts
 * managedIdentityPlatform.subject({ principalId: "bbbbbbbb-0000-0000-0000-000000000002" });
 * // "bbbbbbbb-0000-0000-0000-000000000002"
 * ```
 */
export const managedIdentityPlatform = definePlatform<ManagedIdentityFederatedCredentialOptions>({
  name: "managed-identity",
  aliases: ["mi", "azure-managed-identity"],
  provider: "managed-identity",
  title: "Azure managed identity",
  appRegistrationOnly: true,
  subjectFlags: {
    principalId: textFlag(
      "<guid>",
      "the user-assigned identity's object (principal) id, not its client id (az identity show -n <identity> -g <group> --query principalId -o tsv)",
    ),
  },
  credentialFlags: {
    tenantId: textFlag("<guid>", "the home tenant of the identity and the app (they must be the same)"),
    cloud: choiceFlag(
      "<cloud>",
      "the cloud of both: the issuer host and the audience",
      Object.values(KNOWN_CLOUDS).map((cloud) => cloud.name),
    ),
    issuer: textFlag("<url>", "the issuer (default https://login.microsoftonline.com/{tenant-id}/v2.0)"),
  },
  subject: managedIdentitySubject,
  federatedCredential: managedIdentityFederatedCredential,
  flexible: false,
  subjectExamples: ["azfed subject managed-identity --principal-id 00000000-0000-0000-0000-000000000000"],
  credentialExamples: [
    "azfed fic managed-identity --app <app-client-id> --principal-id <principal-id> --tenant-id <home-tenant-id> --format az",
    "azfed fic managed-identity --principal-id <principal-id> --tenant-id <home-tenant-id> --cloud usgov --format bicep",
  ],
});
