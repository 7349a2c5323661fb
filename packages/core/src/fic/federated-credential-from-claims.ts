import { cloudForExchangeAudience, DEFAULT_EXCHANGE_AUDIENCE } from "../clouds";
import type { IssuerPlatform, Platform } from "../platform/platform";
import { PLATFORMS, platformOf } from "../platform/platforms";
import type { AssertionClaims } from "./decode-assertion";
import { FIC_DESCRIPTION_MAX_LENGTH } from "./entra-fic-limits";
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
 * The one naming rule for generated federated identity credential names, used by every
 * `<platform>FederatedCredential` builder (so by `azfed fic`), by {@link federatedCredentialFromClaims}
 * and by the diagnosis: the platform's `credentialNamePrefix`, then the subject's readable parts
 * (the platform table's `credentialNameParts`, else the subject without its fixed prefix such as
 * `repo:`), made valid by `deriveFederatedCredentialName`: every character Entra does not allow
 * becomes "-", and a name over 120 characters is shortened and given a short hash so different
 * subjects keep different names. The platform is `platform` when given, else recognised from the
 * claims; an unknown issuer's first host label is the prefix.
 *
 * @example
 * ```ts
 * federatedCredentialName({ iss: "https://token.actions.githubusercontent.com", sub: "repo:contoso/app:environment:prod" });
 * // "github-contoso-app-environment-prod"
 * federatedCredentialName({ iss: "https://gitlab.example.com", sub: "project_path:g/p:ref_type:branch:ref:main" }, "gitlab");
 * // "gitlab-g-p-branch-main"
 * ```
 */
export function federatedCredentialName(
  claims: Pick<AssertionClaims, "iss" | "sub">,
  platform?: IssuerPlatform,
): string {
  const entry = platformEntry(claims, platform);
  const prefix = entry?.credentialNamePrefix ?? hostOf(claims.iss).split(".")[0];
  const parts = entry?.credentialNameParts?.(claims.sub) ?? [
    claims.sub.replace(entry?.subjectPrefix ?? /^$/, ""),
  ];
  return deriveFederatedCredentialName([prefix || "fic", ...parts]);
}

/**
 * The default description of a generated credential: `summary` (a builder's readable sentence) or
 * "{platform label}: {subject}", cut to Entra's 600 characters.
 *
 * @example
 * ```ts
 * credentialDescription({ iss: "https://gitlab.com", sub: "project_path:g/p:ref_type:branch:ref:main" });
 * // "GitLab CI: project_path:g/p:ref_type:branch:ref:main"
 * ```
 */
export function credentialDescription(
  claims: Pick<AssertionClaims, "iss" | "sub">,
  summary?: string,
  platform?: IssuerPlatform,
): string {
  const label = platformEntry(claims, platform)?.label ?? hostOf(claims.iss);
  return (summary ?? `${label}: ${claims.sub}`).slice(0, FIC_DESCRIPTION_MAX_LENGTH);
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
  const description = options.description ?? credentialDescription(claims);
  return {
    name: options.name ?? federatedCredentialName(claims),
    issuer: claims.iss,
    subject: claims.sub,
    audiences: [audience],
    description,
  };
}

function platformEntry(
  claims: Pick<AssertionClaims, "iss" | "sub">,
  platform: IssuerPlatform | undefined,
): Platform | undefined {
  return platform === undefined
    ? platformOf(claims.iss, claims.sub)
    : PLATFORMS.find((entry) => entry.id === platform);
}

function hostOf(issuer: string): string {
  try {
    return new URL(issuer).hostname;
  } catch {
    return "";
  }
}
