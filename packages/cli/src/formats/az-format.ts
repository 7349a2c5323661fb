import type { FederatedIdentityCredential } from "@azfed/core";
import { shellQuote } from "@azfed/core/provider";
import { UsageError } from "../usage-error";
import type { FicTarget } from "./fic-target";
import { graphEndpoint } from "./graph-format";
import { ficBody } from "./json-format";

/**
 * `azfed fic --format az`: the Azure CLI command that creates the FIC, for a POSIX shell.
 * - app registration: `az ad app federated-credential create --id <app> --parameters '<json>'`;
 * - flexible FIC (preview, apps only): `az rest` against Microsoft Graph beta, which carries
 *   `claimsMatchingExpression`;
 * - managed identity: `az identity federated-credential create --name … --identity-name …
 *   --resource-group … --issuer … --subject … --audiences …`.
 * Missing names become shell variables (`"$APP_ID"`, `"$IDENTITY_NAME"`, `"$RESOURCE_GROUP"`) with a
 * comment saying what to set.
 *
 * @example
 * ```ts
 * renderAz(fic, { kind: "application", appId: "00000000-0000-0000-0000-000000000000" });
 * // az ad app federated-credential create \
 * //   --id 00000000-0000-0000-0000-000000000000 \
 * //   --parameters '{"name":"github-contoso-app-main",...}'
 * ```
 */
export function renderAz(fic: FederatedIdentityCredential, target: FicTarget): string {
  const parameters = JSON.stringify(ficBody(fic));
  if (target.kind === "application") {
    const lines: string[] = [];
    if (target.appId === undefined) {
      lines.push("# Set APP_ID to the app registration's Application (client) ID first.");
    }
    if (fic.claimsMatchingExpression !== undefined) {
      // The shell expands $APP_ID inside the double-quoted URI.
      const uri = graphEndpoint(fic, target.appId ?? "$APP_ID");
      lines.push(
        "# A flexible FIC (claimsMatchingExpression) is a preview feature of Microsoft Graph beta.",
        "az rest --method POST \\",
        `  --uri "${uri}" \\`,
        `  --body ${shellQuote(parameters)}`,
      );
    } else {
      lines.push(
        "az ad app federated-credential create \\",
        `  --id ${target.appId === undefined ? '"$APP_ID"' : shellQuote(target.appId)} \\`,
        `  --parameters ${shellQuote(parameters)}`,
      );
    }
    return `${lines.join("\n")}\n`;
  }

  if (fic.claimsMatchingExpression !== undefined || fic.subject === undefined) {
    throw new UsageError(
      "--flexible FICs (claimsMatchingExpression) exist only on app registrations, not on managed identities; drop --flexible, or use --app instead of --identity/--resource-group",
    );
  }
  const lines: string[] = [];
  const unset = [
    target.identityName === undefined ? "IDENTITY_NAME (the managed identity's name)" : undefined,
    target.resourceGroup === undefined ? "RESOURCE_GROUP (its resource group)" : undefined,
  ].filter((entry) => entry !== undefined);
  if (unset.length > 0) lines.push(`# Set ${unset.join(" and ")} first.`);
  lines.push(
    "az identity federated-credential create \\",
    `  --name ${shellQuote(fic.name)} \\`,
    `  --identity-name ${target.identityName === undefined ? '"$IDENTITY_NAME"' : shellQuote(target.identityName)} \\`,
    `  --resource-group ${target.resourceGroup === undefined ? '"$RESOURCE_GROUP"' : shellQuote(target.resourceGroup)} \\`,
    `  --issuer ${shellQuote(fic.issuer)} \\`,
    `  --subject ${shellQuote(fic.subject)} \\`,
    `  --audiences ${fic.audiences.map(shellQuote).join(" ")}`,
  );
  return `${lines.join("\n")}\n`;
}
