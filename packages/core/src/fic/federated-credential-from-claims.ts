import { cloudForExchangeAudience, DEFAULT_EXCHANGE_AUDIENCE } from "../clouds";
import { platformOf } from "../platform/platforms";
import type { AssertionClaims } from "./decode-assertion";
import { deriveFederatedCredentialName } from "./federated-credential-name";
import type { FederatedIdentityCredential } from "./federated-identity-credential";

/**
 * The claims a federated identity credential is built from.
 *
 * @example
 * ```ts
 * const claims: CredentialClaims = { iss: "https://gitlab.com", sub: "project_path:g/p:ref_type:branch:ref:main", aud: "api://AzureADTokenExchange" };
 * ```
 */
export type CredentialClaims = Pick<AssertionClaims, "iss" | "sub" | "aud">;

/**
 * A valid, readable federated identity credential name for a token: the platform, then the subject
 * (without its platform's fixed prefix such as `repo:`), made valid by
 * {@link deriveFederatedCredentialName}: every character Entra does not allow in a name becomes "-",
 * and a name over 120 characters is shortened and given a short hash so different subjects keep
 * different names.
 *
 * @example
 * ```ts
 * federatedCredentialName({ iss: "https://token.actions.githubusercontent.com", sub: "repo:contoso/app:environment:prod" });
 * // "github-contoso-app-environment-prod"
 * ```
 */
export function federatedCredentialName(claims: Pick<AssertionClaims, "iss" | "sub">): string {
  const platform = platformOf(claims.iss, claims.sub);
  const prefix = platform?.credentialNamePrefix ?? hostOf(claims.iss).split(".")[0];
  const subject = claims.sub.replace(platform?.subjectPrefix ?? /^$/, "");
  return deriveFederatedCredentialName([prefix || "fic", subject]);
}

/**
 * The federated identity credential that makes Entra accept tokens like this one: the token's
 * issuer and subject exactly, the exchange audience (the token's, when it is one, else `audience`),
 * a valid name and a description.
 *
 * @example
 * ```ts
 * const fic = federatedCredentialFromClaims(decodeAssertion(jwt));
 * // { name: "github-contoso-app-ref-refs-heads-main", issuer: "https://token.actions.githubusercontent.com",
 * //   subject: "repo:contoso/app:ref:refs/heads/main", audiences: ["api://AzureADTokenExchange"], description: "..." }
 * ```
 */
export function federatedCredentialFromClaims(
  claims: CredentialClaims,
  options: {
    readonly audience?: string | undefined;
    readonly name?: string | undefined;
    readonly description?: string | undefined;
  } = {},
): FederatedIdentityCredential {
  const presented = typeof claims.aud === "string" ? [claims.aud] : claims.aud;
  const audience =
    options.audience ??
    presented.find((aud) => cloudForExchangeAudience(aud)) ??
    presented[0] ??
    DEFAULT_EXCHANGE_AUDIENCE;
  const platform = platformOf(claims.iss, claims.sub);
  const description =
    options.description ?? `${platform?.label ?? hostOf(claims.iss)}: ${claims.sub}`.slice(0, 600);
  return {
    name: options.name ?? federatedCredentialName(claims),
    issuer: claims.iss,
    subject: claims.sub,
    audiences: [audience],
    description,
  };
}

function hostOf(issuer: string): string {
  try {
    return new URL(issuer).hostname;
  } catch {
    return "";
  }
}
