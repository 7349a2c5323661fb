/**
 * Where a federated identity credential is created: on an app registration (`--app`, the
 * application's client id) or on a user-assigned managed identity (`--identity` and
 * `--resource-group`). Fields left out are written as placeholders the user fills in.
 *
 * @example
 * ```ts
 * const target: FicTarget = { kind: "managedIdentity", identityName: "deployer", resourceGroup: "rg-app" };
 * ```
 */
export type FicTarget =
  | { readonly kind: "application"; readonly appId?: string | undefined }
  | {
      readonly kind: "managedIdentity";
      readonly identityName?: string | undefined;
      readonly resourceGroup?: string | undefined;
    };

/**
 * The output formats of `azfed fic`.
 *
 * @example
 * ```ts
 * const format: FicFormat = "terraform";
 * ```
 */
export type FicFormat = "json" | "az" | "graph" | "bicep" | "terraform";

/**
 * Every {@link FicFormat}, in the order `--help` lists them.
 *
 * @example
 * ```ts
 * FIC_FORMATS.includes("bicep"); // true
 * ```
 */
export const FIC_FORMATS: readonly FicFormat[] = Object.freeze(["json", "az", "graph", "bicep", "terraform"]);
