import type { FederatedIdentityCredential } from "@azfed/core";
import { UsageError } from "../usage-error";
import type { FicTarget } from "./fic-target";
import { bicepString } from "./quoting";

/** The Microsoft.ManagedIdentity API version the template uses (GA, with federatedIdentityCredentials). */
const API_VERSION = "2023-01-31";

/**
 * `azfed fic --format bicep`: a Bicep file declaring the FIC as a
 * `Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials` child of an
 * existing user-assigned identity. The identity's name is a parameter (defaulting to `--identity`
 * when given); deploy it into the identity's resource group. Bicep's resource is for managed
 * identities only, so `--app` and `--flexible` are usage errors.
 *
 * @example
 * ```ts
 * writeFileSync("fic.bicep", renderBicep(fic, { kind: "managedIdentity", identityName: "deployer" }));
 * // az deployment group create --resource-group rg-app --template-file fic.bicep
 * ```
 */
export function renderBicep(fic: FederatedIdentityCredential, target: FicTarget): string {
  if (target.kind !== "managedIdentity") {
    throw new UsageError(
      "--format bicep writes a Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials resource, which is for managed identities, but --app names an app registration; use --format az, graph or terraform for an app registration, or --identity instead of --app",
    );
  }
  if (fic.claimsMatchingExpression !== undefined || fic.subject === undefined) {
    throw new UsageError(
      "--flexible FICs (claimsMatchingExpression) exist only on app registrations, not on managed identities; drop --flexible, or use --format az, graph or terraform with --app",
    );
  }
  const lines = [
    `// ${fic.description ?? fic.name}`,
    target.resourceGroup === undefined
      ? "// Deploy into the identity's resource group: az deployment group create --resource-group <group> --template-file <this file>"
      : `// Deploy with: az deployment group create --resource-group ${target.resourceGroup} --template-file <this file>`,
    "",
    "@description('Name of the existing user-assigned managed identity that trusts the external token')",
    target.identityName === undefined
      ? "param identityName string"
      : `param identityName string = ${bicepString(target.identityName)}`,
    "",
    `resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@${API_VERSION}' existing = {`,
    "  name: identityName",
    "}",
    "",
    `resource federatedCredential 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@${API_VERSION}' = {`,
    "  parent: identity",
    `  name: ${bicepString(fic.name)}`,
    "  properties: {",
    `    issuer: ${bicepString(fic.issuer)}`,
    `    subject: ${bicepString(fic.subject)}`,
    "    audiences: [",
    ...fic.audiences.map((audience) => `      ${bicepString(audience)}`),
    "    ]",
    "  }",
    "}",
  ];
  return `${lines.join("\n")}\n`;
}
