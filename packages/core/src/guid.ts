/**
 * A GUID as Entra, Azure DevOps and Azure Resource Manager write ids: 32 hex digits in groups of
 * 8-4-4-4-12, in either case (compare GUIDs case-insensitively unless a platform says otherwise).
 * The one copy core, the providers and the CLI use.
 *
 * @example
 * ```ts
 * GUID_PATTERN.test("72f988bf-86f1-41af-91ab-2d7cd011db47"); // true
 * GUID_PATTERN.test("contoso.onmicrosoft.com"); // false
 * ```
 */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
