import { GUID_PATTERN, requireSubjectPart } from "@azfed/core/provider";

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
 * The `sub` of a managed identity's tokens: its object (principal) id, a GUID, in lower case. Entra
 * compares subjects case-sensitively and the identity's tokens carry the GUID in lower case, so a GUID
 * given in upper or mixed case (as some tools print it) is lower-cased rather than refused: it names
 * the same identity, and the lower-case form is the only one that matches.
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity
 *   ("subject: the case-sensitive GUID of the managed identity's Object (Principal) ID")
 * @example
 * ```ts
 * managedIdentitySubject({ principalId: "bbbbbbbb-0000-0000-0000-000000000002" }); // "bbbbbbbb-0000-0000-0000-000000000002"
 * managedIdentitySubject({ principalId: "BBBBBBBB-0000-0000-0000-00000000000A" }); // "bbbbbbbb-0000-0000-0000-00000000000a"
 * ```
 */
export function managedIdentitySubject(options: ManagedIdentitySubjectOptions): string {
  return requireSubjectPart("principalId", options?.principalId, {
    pattern: GUID_PATTERN,
    expected: "the managed identity's object (principal) id, a GUID (not its client id)",
    fix: "run az identity show --name <identity> --resource-group <group> --query principalId -o tsv",
  }).toLowerCase();
}
