import { GUID_PATTERN, requireSubjectPart } from "@azfed/core";

/**
 * The user-assigned managed identity a federated credential trusts.
 *
 * @example
 * ```ts
 * const options: ManagedIdentitySubjectOptions = { principalId: "bbbbbbbb-0000-0000-0000-000000000002" };
 * ```
 */
export interface ManagedIdentitySubjectOptions {
  /**
   * The identity's object (principal) id, not its client id:
   * `az identity show --name <identity> --resource-group <group> --query principalId -o tsv`.
   */
  readonly principalId: string;
}

/**
 * The `sub` of a managed identity's tokens: its object (principal) id, a GUID, compared
 * case-sensitively by Entra (so it is returned exactly as given).
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity
 *   ("subject: the case-sensitive GUID of the managed identity's Object (Principal) ID")
 * @example
 * ```ts
 * managedIdentitySubject({ principalId: "bbbbbbbb-0000-0000-0000-000000000002" }); // "bbbbbbbb-0000-0000-0000-000000000002"
 * ```
 */
export function managedIdentitySubject(options: ManagedIdentitySubjectOptions): string {
  return requireSubjectPart("principalId", options?.principalId, {
    pattern: GUID_PATTERN,
    expected: "the managed identity's object (principal) id, a GUID (not its client id)",
    fix: "run az identity show --name <identity> --resource-group <group> --query principalId -o tsv",
  });
}
