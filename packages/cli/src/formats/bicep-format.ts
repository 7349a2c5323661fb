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
 * when given); deploy it into the identity's resource group. For an app registration (`--app`, and
 * always for a managed identity's token) it declares a `federatedIdentityCredentials` child of a
 * `Microsoft.Graph/applications` resource through the Microsoft Graph Bicep extension, as Microsoft's
 * guide does. `--flexible` is a usage error.
 *
 * @example
 * ```ts
 * writeFileSync("fic.bicep", renderBicep(fic, { kind: "managedIdentity", identityName: "deployer" }));
 * // az deployment group create --resource-group rg-app --template-file fic.bicep
 * ```
 */
export function renderBicep(fic: FederatedIdentityCredential, target: FicTarget): string {
  if (target.kind !== "managedIdentity") {
    if (fic.subject === undefined || fic.claimsMatchingExpression !== undefined) {
      throw new UsageError(
        "--format bicep writes no flexible FIC (claimsMatchingExpression); use --format az, graph or terraform with --app",
      );
    }
    return renderApplicationBicep(fic, fic.subject, target.appId);
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

/**
 * The Microsoft Graph Bicep extension the app registration template uses.
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity (Bicep tab)
 */
const GRAPH_EXTENSION = "br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:0.1.8-preview";

/**
 * A FIC on an app registration, declared through the Microsoft Graph Bicep extension. Graph Bicep
 * addresses an existing app only by its `uniqueName`, which an app created outside Bicep (`az ad app
 * create`, the portal) does not have until it is set once; with `--app`, the header prints the two
 * commands, for that app id, that read it and set it.
 *
 * @see https://learn.microsoft.com/graph/templates/how-to-reference-existing-resources ("Resources
 *   created via HTTP POST might not have this property set and require a one-time backfill"; read 2026-12-07)
 * @see https://learn.microsoft.com/graph/api/application-update (`PATCH /applications(appId='{appId}')`)
 */
function renderApplicationBicep(
  fic: FederatedIdentityCredential,
  subject: string,
  appId: string | undefined,
): string {
  const app = appId ?? "<app id>";
  const suggestedUniqueName = appId === undefined ? undefined : `app-${appId}`;
  const lines = [
    `// ${fic.description ?? fic.name}`,
    "// Microsoft Graph Bicep addresses an existing app registration by its uniqueName. An app created",
    "// outside Bicep (az ad app create, the portal) has none until it is set once. Read it with:",
    `//   az ad app show --id ${app} --query uniqueName --output tsv`,
    "// and, where that prints nothing, set one (it cannot be changed afterwards):",
    `//   az rest --method patch --url "https://graph.microsoft.com/v1.0/applications(appId='${app}')" --headers content-type=application/json --body '{"uniqueName":"${suggestedUniqueName ?? "<unique name>"}"}'`,
    "// Deploy with: az deployment group create --resource-group <any group> --template-file <this file>",
    `extension '${GRAPH_EXTENSION}'`,
    "",
    `@description('uniqueName of the app registration that trusts the token${appId === undefined ? "" : ` (app id ${appId})`}')`,
    suggestedUniqueName === undefined
      ? "param applicationUniqueName string"
      : `param applicationUniqueName string = ${bicepString(suggestedUniqueName)}`,
    "",
    "resource application 'Microsoft.Graph/applications@v1.0' existing = {",
    "  uniqueName: applicationUniqueName",
    "}",
    "",
    "resource federatedCredential 'Microsoft.Graph/applications/federatedIdentityCredentials@v1.0' = {",
    `  name: '\${application.uniqueName}/${fic.name}'`,
    `  issuer: ${bicepString(fic.issuer)}`,
    `  subject: ${bicepString(subject)}`,
    "  audiences: [",
    ...fic.audiences.map((audience) => `    ${bicepString(audience)}`),
    "  ]",
    ...(fic.description === undefined ? [] : [`  description: ${bicepString(fic.description)}`]),
    "}",
  ];
  return `${lines.join("\n")}\n`;
}
