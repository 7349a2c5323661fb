/**
 * Microsoft Entra's limits on a federated identity credential (FIC), written once: the validator,
 * the builders (through `assembleFederatedCredential`), the name rule and the subject checks all
 * read them from here.
 *
 * Sources, as read on 2026-12-07:
 * - Microsoft Graph, federatedIdentityCredential resource type (v1.0), ms.date 2024-07-22:
 *   https://learn.microsoft.com/graph/api/resources/federatedidentitycredential
 *   (microsoftgraph/microsoft-graph-docs-contrib api-reference/v1.0/resources/federatedidentitycredential.md
 *   at 028b8e3).
 * - Entra docs, "Important considerations and restrictions for federated identity credentials",
 *   ms.date 2024-02-28, and its include federated-credential-configuration-considerations.md,
 *   ms.date 2022-09-26:
 *   https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations
 *   (MicrosoftDocs/entra-docs docs/workload-id/workload-identity-federation-considerations.md at
 *   03ffb81, docs/workload-id/includes/federated-credential-configuration-considerations.md at 0219e6d).
 * - OpenID Connect Core 1.0 (errata set 2, 2023-12-15), §2 `iss`: "a case-sensitive URL using the
 *   https scheme that contains scheme, host, and optionally, port number and path components and no
 *   query or fragment components": https://openid.net/specs/openid-connect-core-1_0.html#IDToken
 */

/**
 * The shortest name Entra accepts: "3-120 symbols".
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations (Errors table: "Alphanumeric, dash, underscore, no more than 3-120 symbols. First symbol is alphanumeric."; ms.date 2024-02-28)
 *
 * @example
 * ```ts
 * if (name.length < FIC_NAME_MIN_LENGTH) throw new Error("too short for Entra");
 * ```
 */
export const FIC_NAME_MIN_LENGTH = 3;

/**
 * The longest name Entra accepts: "a limit of 120 characters".
 *
 * @see https://learn.microsoft.com/graph/api/resources/federatedidentitycredential (`name`; ms.date 2024-07-22)
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations (ms.date 2024-02-28)
 *
 * @example
 * ```ts
 * const fits = name.length <= FIC_NAME_MAX_LENGTH;
 * ```
 */
export const FIC_NAME_MAX_LENGTH = 120;

/**
 * The characters a name may hold: letters, digits, `-` and `_` ("Alphanumeric, dash, or underscore
 * characters are supported").
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations (include federated-credential-configuration-considerations.md, ms.date 2022-09-26)
 *
 * @example
 * ```ts
 * [..."deploy main"].filter((character) => !FIC_NAME_CHARACTER.test(character)); // [" "]
 * ```
 */
export const FIC_NAME_CHARACTER = /^[A-Za-z0-9_-]$/;

/**
 * A whole valid name: 3 to 120 characters of letters, digits, `-` and `_`, the first a letter or a
 * digit ("the first character must be alphanumeric only").
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations (ms.date 2024-02-28)
 *
 * @example
 * ```ts
 * FIC_NAME_PATTERN.test("github-contoso-app-main"); // true
 * FIC_NAME_PATTERN.test("-main"); // false
 * ```
 */
export const FIC_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/;

/**
 * The longest issuer, subject or audience Entra accepts: "It has a limit of 600 characters".
 *
 * @see https://learn.microsoft.com/graph/api/resources/federatedidentitycredential (`issuer`, `subject`, `audiences`; ms.date 2024-07-22)
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations (ms.date 2024-02-28)
 *
 * @example
 * ```ts
 * if (subject.length > MAX_FIC_FIELD_LENGTH) throw new Error("Entra will refuse this subject");
 * ```
 */
export const MAX_FIC_FIELD_LENGTH = 600;

/**
 * The longest description Entra accepts. Graph: "The unvalidated description … It has a limit of 600
 * characters"; the Entra considerations page says the same.
 *
 * @see https://learn.microsoft.com/graph/api/resources/federatedidentitycredential (`description`; ms.date 2024-07-22)
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations (ms.date 2024-02-28)
 *
 * @example
 * ```ts
 * const fits = description.length <= FIC_DESCRIPTION_MAX_LENGTH;
 * ```
 */
export const FIC_DESCRIPTION_MAX_LENGTH = 600;

/**
 * How many audiences a credential has: exactly one ("This field can only accept a single value";
 * "Federated identity credentials must have exactly one audience").
 *
 * @see https://learn.microsoft.com/graph/api/resources/federatedidentitycredential (`audiences`; ms.date 2024-07-22)
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations (Errors table; ms.date 2024-02-28)
 *
 * @example
 * ```ts
 * const ok = fic.audiences.length === FIC_AUDIENCE_COUNT;
 * ```
 */
export const FIC_AUDIENCE_COUNT = 1;

/**
 * How many credentials one app registration or user-assigned managed identity holds at most: "A
 * maximum of 20 federated identity credentials can be added to an application or user-assigned
 * managed identity."
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations (ms.date 2024-02-28)
 *
 * @example
 * ```ts
 * if (list.length > FIC_MAX_PER_IDENTITY) console.error("Entra refuses the 21st credential");
 * ```
 */
export const FIC_MAX_PER_IDENTITY = 20;

/**
 * What is wrong with an issuer as a credential's `issuer`, or `undefined` when it is an OpenID
 * issuer Entra can trust: an `https://` URL (scheme written in lower case, as tokens carry it) with a
 * host and no credentials, query or fragment. Entra matches the token's `iss` exactly and fetches
 * `{issuer}/.well-known/openid-configuration`, so anything else never matches. Whitespace, control
 * characters and length are checked apart (see `requireSubjectPart`, {@link MAX_FIC_FIELD_LENGTH}).
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDToken (`iss`; errata set 2, 2023-12-15)
 * @see https://learn.microsoft.com/graph/api/resources/federatedidentitycredential ("The URL of the external identity provider, which must match the issuer claim"; ms.date 2024-07-22)
 *
 * @example
 * ```ts
 * httpsIssuerProblem("https://token.actions.githubusercontent.com"); // undefined
 * httpsIssuerProblem("http://localhost:8080"); // "it uses http; Entra only trusts https issuers"
 * ```
 */
export function httpsIssuerProblem(issuer: string): string | undefined {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return "it is not a URL; Entra requires an https URL";
  }
  if (url.protocol !== "https:") {
    return `it uses ${url.protocol.replace(/:$/, "")}; Entra only trusts https issuers`;
  }
  if (!issuer.startsWith("https://") || url.hostname === "") {
    return 'it does not start with "https://" and a host; tokens carry the issuer that way';
  }
  if (/[?#]/.test(issuer)) {
    return "it has a query or fragment; an OpenID issuer has neither (OpenID Connect Core, iss)";
  }
  if (url.username !== "" || url.password !== "") {
    return "it carries a user name or password; an OpenID issuer has none (OpenID Connect Core, iss)";
  }
  return undefined;
}
