import { InvalidInputError } from "@azfed/core";
import { GUID_PATTERN } from "@azfed/core/provider";

/**
 * Checks that `value` is a GUID (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`) and returns it in lower
 * case, as Azure DevOps writes GUIDs (.NET's `Guid.ToString()`).
 *
 * @internal
 */
export function requireGuid(field: string, value: unknown, fix: string): string {
  if (typeof value !== "string" || !GUID_PATTERN.test(value)) {
    throw new InvalidInputError({
      field,
      value,
      expected: "a GUID such as 499b84ac-1321-427f-aa17-267ca6975798 (32 hex digits in groups of 8-4-4-4-12)",
      fix,
    });
  }
  return value.toLowerCase();
}

/**
 * A GUID's 16 bytes in .NET `Guid.ToByteArray()` order, encoded base64url without padding. .NET
 * stores the first three groups little-endian, so their bytes are reversed; the last two groups keep
 * their order. `499b84ac-1321-427f-aa17-267ca6975798` encodes to `rISbSSETf0KqFyZ8ppdXmA`.
 *
 * @internal
 */
export function guidToBase64Url(guid: string): string {
  const [first = "", second = "", third = "", fourth = "", fifth = ""] = guid.split("-");
  const bytes = Buffer.concat([
    Buffer.from(first, "hex").reverse(),
    Buffer.from(second, "hex").reverse(),
    Buffer.from(third, "hex").reverse(),
    Buffer.from(fourth + fifth, "hex"),
  ]);
  return bytes.toString("base64url");
}
