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

/**
 * Whether `value` is a GUID written in lower case, as a platform that writes its ids so and matches
 * subjects case-sensitively needs (Buildkite's pipeline UUIDs): {@link GUID_PATTERN}, lower case.
 *
 * @example
 * ```ts
 * isLowerCaseGuid("d18439cc-df59-45b0-97cc-98d7fb69d983"); // true
 * isLowerCaseGuid("D18439CC-DF59-45B0-97CC-98D7FB69D983"); // false
 * ```
 */
export function isLowerCaseGuid(value: string): boolean {
  return GUID_PATTERN.test(value) && value === value.toLowerCase();
}
