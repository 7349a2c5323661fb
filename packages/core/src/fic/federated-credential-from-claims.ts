import { cloudForExchangeAudience, DEFAULT_EXCHANGE_AUDIENCE } from "../clouds";
import type { AssertionClaims } from "./decode-assertion";
import { deriveFederatedCredentialName } from "./federated-credential-name";
import type { FederatedIdentityCredential } from "./federated-identity-credential";
import { type IssuerPlatform, issuerPlatform } from "./issuer-platform";

/**
 * The claims a federated identity credential is built from.
 *
 * @example
 * ```ts
 * const claims: CredentialClaims = { iss: "https://gitlab.com", sub: "project_path:g/p:ref_type:branch:ref:main", aud: "api://AzureADTokenExchange" };
 * ```
 */
export type CredentialClaims = Pick<AssertionClaims, "iss" | "sub" | "aud">;

const PLATFORM_LABELS: Readonly<Record<IssuerPlatform, { prefix: string; label: string; strip: RegExp }>> = {
  "github-actions": { prefix: "github", label: "GitHub Actions", strip: /^repo:/ },
  gitlab: { prefix: "gitlab", label: "GitLab CI", strip: /^project_path:/ },
  "azure-pipelines": {
    prefix: "azure-pipelines",
    label: "Azure Pipelines",
    strip: /^(sc:\/\/|\/eid1\/c\/pub\/)/,
  },
  kubernetes: { prefix: "kubernetes", label: "Kubernetes", strip: /^system:serviceaccount:/ },
  gcp: { prefix: "gcp", label: "Google Cloud", strip: /^$/ },
  terraform: { prefix: "terraform", label: "Terraform Cloud", strip: /^organization:/ },
  "managed-identity": { prefix: "managed-identity", label: "Azure managed identity", strip: /^$/ },
};

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
  const platform = issuerPlatform(claims.iss, claims.sub);
  const known = platform ? PLATFORM_LABELS[platform] : undefined;
  const prefix = known?.prefix ?? hostOf(claims.iss).split(".")[0];
  const subject = claims.sub.replace(known?.strip ?? /^$/, "");
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
  options: { readonly audience?: string; readonly name?: string; readonly description?: string } = {},
): FederatedIdentityCredential {
  const presented = typeof claims.aud === "string" ? [claims.aud] : claims.aud;
  const audience =
    options.audience ??
    presented.find((aud) => cloudForExchangeAudience(aud)) ??
    presented[0] ??
    DEFAULT_EXCHANGE_AUDIENCE;
  const platform = issuerPlatform(claims.iss, claims.sub);
  const description =
    options.description ??
    `${platform ? PLATFORM_LABELS[platform].label : hostOf(claims.iss)}: ${claims.sub}`.slice(0, 600);
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
