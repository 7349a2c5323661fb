/**
 * Tenant names that stand for "the tenant of the credentials": `common` and `organizations`.
 * Written here, not taken from `@azfed/core`: see ./README.md.
 *
 * @internal
 */
export function isTenantAlias(tenant: string): boolean {
  return tenant === "common" || tenant === "organizations";
}
