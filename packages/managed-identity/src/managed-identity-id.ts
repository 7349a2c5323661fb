import { InvalidInputError } from "@azfed/core";
import { GUID_PATTERN } from "@azfed/core/provider";

/**
 * The variable naming the user-assigned managed identity whose token is the assertion, by client id
 * (as `AZURE_CLIENT_ID` names the app registration the token is exchanged for).
 *
 * @example
 * ```ts
 * process.env[MANAGED_IDENTITY_CLIENT_ID_ENV] = "aaaaaaaa-0000-0000-0000-000000000001";
 * ```
 */
export const MANAGED_IDENTITY_CLIENT_ID_ENV = "AZFED_MANAGED_IDENTITY_CLIENT_ID";

/**
 * How a user-assigned managed identity is named: by client id, Azure resource id or object
 * (principal) id, the three selectors the managed identity endpoints accept.
 *
 * @example
 * ```ts
 * const id: ManagedIdentityId = { kind: "clientId", value: "aaaaaaaa-0000-0000-0000-000000000001", from: "clientId" };
 * ```
 */
export interface ManagedIdentityId {
  readonly kind: "clientId" | "resourceId" | "objectId";
  readonly value: string;
  /** The option or variable it came from, for messages. */
  readonly from: string;
}

/** `/subscriptions/{id}/resourceGroups/{group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}`. */
const USER_ASSIGNED_RESOURCE_ID =
  /^\/subscriptions\/[0-9a-f-]{36}\/resourcegroups\/[-\w.()]{1,90}\/providers\/microsoft\.managedidentity\/userassignedidentities\/[-\w]{3,128}$/i;

/**
 * The identity named by `clientId`, `resourceId` or `objectId` (at most one), else by
 * `AZFED_MANAGED_IDENTITY_CLIENT_ID` in `env`, checked; `undefined` when nothing names one.
 *
 * @throws {@link InvalidInputError} for a malformed value or more than one selector, naming it.
 * @internal
 */
export function resolveManagedIdentityId(
  options: {
    readonly clientId?: string | undefined;
    readonly resourceId?: string | undefined;
    readonly objectId?: string | undefined;
  },
  env: NodeJS.ProcessEnv,
): ManagedIdentityId | undefined {
  const given = (["clientId", "resourceId", "objectId"] as const).filter(
    (kind) => options[kind] !== undefined,
  );
  if (given.length > 1) {
    throw new InvalidInputError({
      field: given.join(" and "),
      value: given.map((kind) => options[kind]).join(", "),
      expected: "one of clientId, resourceId or objectId",
      fix: "name the managed identity once, preferably by clientId",
    });
  }
  const [kind] = given;
  if (kind !== undefined) return checked(kind, options[kind], kind);
  const fromEnv = env[MANAGED_IDENTITY_CLIENT_ID_ENV];
  if (fromEnv === undefined || fromEnv === "") return undefined;
  return checked("clientId", fromEnv, MANAGED_IDENTITY_CLIENT_ID_ENV);
}

function checked(kind: ManagedIdentityId["kind"], value: unknown, from: string): ManagedIdentityId {
  const valid =
    typeof value === "string" &&
    value.length <= 1024 &&
    (kind === "resourceId" ? USER_ASSIGNED_RESOURCE_ID.test(value) : GUID_PATTERN.test(value));
  if (!valid) {
    throw new InvalidInputError({
      field: from,
      value,
      expected:
        kind === "resourceId"
          ? "a user-assigned identity's resource id, /subscriptions/{id}/resourceGroups/{group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}"
          : `the managed identity's ${kind === "clientId" ? "client id" : "object (principal) id"}, a GUID`,
      fix:
        kind === "resourceId"
          ? "run az identity show --name <identity> --resource-group <group> --query id -o tsv"
          : `run az identity show --name <identity> --resource-group <group> --query ${kind === "clientId" ? "clientId" : "principalId"} -o tsv`,
    });
  }
  return { kind, value, from };
}

/**
 * How the identity is named in messages, e.g. `client id aaaaaaaa-… (from AZFED_MANAGED_IDENTITY_CLIENT_ID)`.
 *
 * @internal
 */
export function describeManagedIdentityId(id: ManagedIdentityId): string {
  const what = { clientId: "client id", resourceId: "resource id", objectId: "object id" }[id.kind];
  return `${what} ${id.value}${id.from === id.kind ? "" : ` (from ${id.from})`}`;
}
