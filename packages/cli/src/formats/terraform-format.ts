import type { FederatedIdentityCredential } from "@azfed/core";
import { UsageError } from "../usage-error";
import type { FicTarget } from "./fic-target";
import { hclString } from "./quoting";

/**
 * `azfed fic --format terraform`: Terraform configuration for the FIC.
 * - managed identity (the default, and with `--identity`/`--resource-group`):
 *   `azurerm_federated_identity_credential`, attached through `user_assigned_identity_id` (azurerm 5,
 *   and the 4.x releases that renamed `parent_id`; on older 4.x write `parent_id` and add
 *   `resource_group_name`);
 * - app registration (`--app`): `azuread_application_federated_identity_credential`, or
 *   `azuread_application_flexible_federated_identity_credential` for a flexible FIC.
 * A named identity or app is looked up with a data source; otherwise its id is a variable.
 *
 * @example
 * ```ts
 * writeFileSync("fic.tf", renderTerraform(fic, { kind: "managedIdentity", identityName: "deployer", resourceGroup: "rg-app" }));
 * ```
 */
export function renderTerraform(fic: FederatedIdentityCredential, target: FicTarget): string {
  const label = terraformLabel(fic.name);
  const blocks: string[] = [`# ${fic.description ?? fic.name}`];

  if (target.kind === "managedIdentity") {
    if (fic.claimsMatchingExpression !== undefined || fic.subject === undefined) {
      throw new UsageError(
        "--flexible FICs (claimsMatchingExpression) exist only on app registrations, not on managed identities; drop --flexible, or use --app instead of --identity/--resource-group",
      );
    }
    let identityId: string;
    if (target.identityName !== undefined && target.resourceGroup !== undefined) {
      blocks.push(
        block('data "azurerm_user_assigned_identity" "this"', [
          ["name", hclString(target.identityName)],
          ["resource_group_name", hclString(target.resourceGroup)],
        ]),
      );
      identityId = "data.azurerm_user_assigned_identity.this.id";
    } else {
      blocks.push(
        block('variable "user_assigned_identity_id"', [
          [
            "description",
            hclString("Resource id of the user-assigned managed identity that trusts the token"),
          ],
          ["type", "string"],
        ]),
      );
      identityId = "var.user_assigned_identity_id";
    }
    blocks.push(
      block(`resource "azurerm_federated_identity_credential" "${label}"`, [
        ["name", hclString(fic.name)],
        ["user_assigned_identity_id", identityId],
        ["issuer", hclString(fic.issuer)],
        ["subject", hclString(fic.subject)],
        ["audience", hclList(fic.audiences)],
      ]),
    );
    return `${blocks.join("\n\n")}\n`;
  }

  let applicationId: string;
  if (target.appId !== undefined) {
    blocks.push(block('data "azuread_application" "this"', [["client_id", hclString(target.appId)]]));
    applicationId = "data.azuread_application.this.id";
  } else {
    blocks.push(
      block('variable "application_id"', [
        ["description", hclString("Resource id of the app registration, /applications/{object id}")],
        ["type", "string"],
      ]),
    );
    applicationId = "var.application_id";
  }
  const description: [string, string][] =
    fic.description === undefined || fic.description === ""
      ? []
      : [["description", hclString(fic.description)]];
  if (fic.claimsMatchingExpression !== undefined) {
    blocks.push(
      block(`resource "azuread_application_flexible_federated_identity_credential" "${label}"`, [
        ["application_id", applicationId],
        ["display_name", hclString(fic.name)],
        ...description,
        ["issuer", hclString(fic.issuer)],
        ["claims_matching_expression", hclString(fic.claimsMatchingExpression.value)],
        ["audience", hclString(fic.audiences[0] ?? "")],
      ]),
    );
  } else {
    blocks.push(
      block(`resource "azuread_application_federated_identity_credential" "${label}"`, [
        ["application_id", applicationId],
        ["display_name", hclString(fic.name)],
        ...description,
        ["issuer", hclString(fic.issuer)],
        ["subject", hclString(fic.subject ?? "")],
        ["audiences", hclList(fic.audiences)],
      ]),
    );
  }
  return `${blocks.join("\n\n")}\n`;
}

/** A block with its attributes aligned on `=`, as `terraform fmt` writes them. */
function block(header: string, attributes: readonly (readonly [string, string])[]): string {
  const width = Math.max(...attributes.map(([name]) => name.length));
  const body = attributes.map(([name, value]) => `  ${name.padEnd(width)} = ${value}`);
  return [`${header} {`, ...body, "}"].join("\n");
}

function hclList(values: readonly string[]): string {
  return `[${values.map(hclString).join(", ")}]`;
}

/** A resource label from a FIC name: `-` becomes `_`, and a leading digit gets a `fic_` prefix. */
function terraformLabel(name: string): string {
  const label = name.replace(/[^A-Za-z0-9_]/g, "_");
  return /^[A-Za-z_]/.test(label) ? label : `fic_${label}`;
}
