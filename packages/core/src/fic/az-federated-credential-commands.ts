import { shellQuote } from "../shell-quote";
import type { FederatedIdentityCredential } from "./federated-identity-credential";

/**
 * Where a federated identity credential is to be created: an app registration (by client id), a
 * user-assigned managed identity (by name and resource group), or both when it is not known which.
 *
 * @example
 * ```ts
 * const target: FederatedCredentialTarget = { clientId: "00000000-0000-0000-0000-000000000000" };
 * ```
 */
export interface FederatedCredentialTarget {
  /** The app registration's application (client) id. Default: `<client-id>`. */
  readonly clientId?: string | undefined;
  /** The user-assigned managed identity's name. Default: `<identity-name>`. */
  readonly identityName?: string | undefined;
  /** The managed identity's resource group. Default: `<resource-group>`. */
  readonly resourceGroup?: string | undefined;
}

/**
 * Azure CLI commands for one federated identity credential: on an app registration
 * (`az ad app federated-credential ...`), and on a user-assigned managed identity
 * (`az identity federated-credential ...`; absent for a flexible credential, which only app
 * registrations support).
 *
 * @example
 * ```ts
 * const commands: AzFederatedCredentialCommands = azFederatedCredentialCommands(fic, { clientId });
 * console.log(commands.application);
 * ```
 */
export interface AzFederatedCredentialCommands {
  readonly application: string;
  readonly managedIdentity?: string | undefined;
}

/**
 * The Azure CLI commands that create a federated identity credential, or with `action: "update"`
 * change an existing one (found by `fic.name`; a credential's name cannot change). Values are quoted
 * for POSIX shells.
 *
 * @example
 * ```ts
 * const { application, managedIdentity } = azFederatedCredentialCommands(fic, { clientId });
 * console.log(application);
 * // az ad app federated-credential create --id 0000... --parameters '{"name":"github-contoso-app-main",...}'
 * ```
 */
export function azFederatedCredentialCommands(
  fic: FederatedIdentityCredential,
  target: FederatedCredentialTarget = {},
  action: "create" | "update" = "create",
): AzFederatedCredentialCommands {
  const parameters: Record<string, unknown> = action === "create" ? { name: fic.name } : {};
  parameters.issuer = fic.issuer;
  if (fic.subject !== undefined && fic.subject !== null) parameters.subject = fic.subject;
  if (fic.claimsMatchingExpression) parameters.claimsMatchingExpression = fic.claimsMatchingExpression;
  parameters.audiences = [...fic.audiences];
  if (fic.description) parameters.description = fic.description;
  const application = [
    `az ad app federated-credential ${action}`,
    `--id ${shellQuote(target.clientId ?? "<client-id>")}`,
    ...(action === "update" ? [`--federated-credential-id ${shellQuote(fic.name)}`] : []),
    `--parameters ${shellQuote(JSON.stringify(parameters))}`,
  ].join(" ");
  if (fic.subject === undefined || fic.subject === null) return { application };
  const managedIdentity = [
    `az identity federated-credential ${action}`,
    `--name ${shellQuote(fic.name)}`,
    `--identity-name ${shellQuote(target.identityName ?? "<identity-name>")}`,
    `--resource-group ${shellQuote(target.resourceGroup ?? "<resource-group>")}`,
    `--issuer ${shellQuote(fic.issuer)}`,
    `--subject ${shellQuote(fic.subject)}`,
    `--audiences ${fic.audiences.map(shellQuote).join(" ")}`,
  ].join(" ");
  return { application, managedIdentity };
}
