import type { FederatedIdentityCredential } from "@azfed/core";
import { UsageError } from "../usage-error";
import type { FicTarget } from "./fic-target";
import { hclString } from "./quoting";

/*
 * The provider versions `azfed fic --format terraform` pins: the releases that have the resources and
 * attribute names it writes, up to the next major release, which may rename them again.
 * - `azurerm`: `user_assigned_identity_id` on `azurerm_federated_identity_credential` since 4.65.0
 *   (it replaced `parent_id`, which 5.0 removed).
 *   @see https://github.com/hashicorp/terraform-provider-azurerm/blob/main/CHANGELOG-v4.md (4.65.0, #31921)
 * - `azuread`: `application_id` on `azuread_application_federated_identity_credential` since 2.44.0
 *   (`application_object_id` before; removed in 3.0), so `~> 3.0`;
 *   `azuread_application_flexible_federated_identity_credential` since 3.7.0.
 *   @see https://github.com/hashicorp/terraform-provider-azuread/blob/main/CHANGELOG.md (2.44.0, 3.7.0)
 */
const TERRAFORM_PROVIDER_VERSIONS = Object.freeze({
  azurerm: ">= 4.65.0, < 6.0.0",
  azuread: "~> 3.0",
  azureadFlexible: "~> 3.7",
} as const);

/**
 * `azfed fic --format terraform`: Terraform configuration for the FIC.
 * - managed identity (the default, and with `--identity`/`--resource-group`):
 *   `azurerm_federated_identity_credential`, attached through `user_assigned_identity_id` (azurerm
 *   4.65 and later; older releases called it `parent_id`);
 * - app registration (`--app`): `azuread_application_federated_identity_credential`, or
 *   `azuread_application_flexible_federated_identity_credential` for a flexible FIC.
 * A named identity or app is looked up with a data source; otherwise its id is a variable. A
 * `terraform { required_providers { … } }` block pins the provider to the releases that have the
 * resources and attribute names it writes.
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
    blocks.push(requiredProvider("azurerm", TERRAFORM_PROVIDER_VERSIONS.azurerm));
    // azurerm refuses to configure without a `features` block, even an empty one.
    // @see https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs#features (read 2026-12-07)
    blocks.push('provider "azurerm" {\n  features {}\n}');
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

  blocks.push(
    requiredProvider(
      "azuread",
      fic.claimsMatchingExpression === undefined
        ? TERRAFORM_PROVIDER_VERSIONS.azuread
        : TERRAFORM_PROVIDER_VERSIONS.azureadFlexible,
    ),
  );
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

/** `terraform { required_providers { name = { source, version } } }`, laid out as `terraform fmt` does. */
function requiredProvider(name: "azurerm" | "azuread", version: string): string {
  return [
    "terraform {",
    "  required_providers {",
    `    ${name} = {`,
    `      source  = "hashicorp/${name}"`,
    `      version = ${hclString(version)}`,
    "    }",
    "  }",
    "}",
  ].join("\n");
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
