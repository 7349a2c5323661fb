import { InvalidInputError } from "../errors/invalid-input-error";

/**
 * The scopes of one token request, validated and sorted, with the text that identifies them in the
 * token cache.
 *
 * @example
 * ```ts
 * const scopes: NormalizedScopes = normalizeScopes(["b/.default", "a/.default"]);
 * scopes.list; // ["a/.default", "b/.default"]
 * scopes.key; // "a/.default b/.default"
 * ```
 */
export interface NormalizedScopes {
  /** The scopes, sorted. */
  readonly list: readonly string[];
  /** The sorted scopes joined by one space: the same for any order the caller used. */
  readonly key: string;
}

/**
 * Validates the `scopes` argument of `getToken` and sorts it: at least one scope, each a non-empty
 * string without whitespace (a space inside one string usually means two scopes were joined).
 *
 * @throws {@link InvalidInputError} naming `scopes` or `scopes[i]`.
 *
 * @example
 * ```ts
 * normalizeScopes("https://storage.azure.com/.default").key; // "https://storage.azure.com/.default"
 * normalizeScopes([]); // throws InvalidInputError: Invalid scopes: got []; expected at least one scope ...
 * ```
 */
export function normalizeScopes(scopes: string | readonly string[]): NormalizedScopes {
  if (typeof scopes === "string") {
    checkScope("scopes", scopes);
    return { list: [scopes], key: scopes };
  }
  if (!Array.isArray(scopes) || scopes.length === 0) {
    throw new InvalidInputError({
      field: "scopes",
      value: scopes,
      expected: 'at least one scope, e.g. "https://management.azure.com/.default"',
      fix: "pass the resource's scope, which is usually its URI followed by /.default",
    });
  }
  scopes.forEach((scope, index) => {
    checkScope(`scopes[${index}]`, scope);
  });
  const list = scopes.length === 1 ? [...scopes] : [...scopes].sort();
  return { list, key: list.join(" ") };
}

function checkScope(field: string, scope: unknown): void {
  if (typeof scope !== "string" || scope.length === 0) {
    throw new InvalidInputError({
      field,
      value: scope,
      expected: 'a non-empty scope string, e.g. "https://management.azure.com/.default"',
      fix: "pass the resource's scope, which is usually its URI followed by /.default",
    });
  }
  if (/\s/.test(scope)) {
    throw new InvalidInputError({
      field,
      value: scope,
      expected: "one scope without spaces",
      fix: "pass several scopes as an array of strings, not as one space-separated string",
    });
  }
}
