import { InvalidInputError } from "@azfed/core";
import { requireFicFieldLength, requireSubjectPart } from "@azfed/core/provider";

/**
 * The issuer (`iss`) of GitHub.com's Actions OIDC tokens.
 *
 * @example
 * ```ts
 * githubFederatedCredential({ repository: "contoso/webapp", branch: "main" }).issuer === GITHUB_ISSUER; // true
 * ```
 */
export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

/**
 * Where the workflow runs, which decides the token's issuer. Give at most one of `ghesHost` and
 * `gheDataResidencySubdomain`; `enterpriseSlug` goes with GitHub.com or GHE.com when the enterprise
 * has turned on its unique issuer URL (`include_enterprise_slug`).
 *
 * @example
 * ```ts
 * const onGhes: GitHubIssuerOptions = { ghesHost: "github.contoso.com" };
 * const enterpriseIssuer: GitHubIssuerOptions = { enterpriseSlug: "contoso" };
 * ```
 */
export interface GitHubIssuerOptions {
  /** The enterprise's slug, for an enterprise with a unique issuer URL: `…/{slug}`. */
  readonly enterpriseSlug?: string | undefined;
  /** The host name of a GitHub Enterprise Server, e.g. `github.contoso.com`: `https://{host}/_services/token`. */
  readonly ghesHost?: string | undefined;
  /** The enterprise's subdomain on GHE.com (data residency), e.g. `contoso` for `contoso.ghe.com`. */
  readonly gheDataResidencySubdomain?: string | undefined;
}

const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const HOST =
  /^(?=[^:]{1,253}(:|$))[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:[0-9]{1,5})?$/;

/**
 * The issuer of the Actions OIDC tokens for GitHub.com (`https://token.actions.githubusercontent.com`),
 * an enterprise with a unique issuer (`…/{enterpriseSlug}`), GitHub Enterprise Server
 * (`https://{host}/_services/token`) or GHE.com (`https://token.actions.{subdomain}.ghe.com`).
 *
 * @example
 * ```ts
 * githubIssuer(); // "https://token.actions.githubusercontent.com"
 * githubIssuer({ enterpriseSlug: "contoso" }); // "https://token.actions.githubusercontent.com/contoso"
 * githubIssuer({ ghesHost: "github.contoso.com" }); // "https://github.contoso.com/_services/token"
 * githubIssuer({ gheDataResidencySubdomain: "contoso" }); // "https://token.actions.contoso.ghe.com"
 * ```
 */
export function githubIssuer(options: GitHubIssuerOptions = {}): string {
  const { enterpriseSlug, ghesHost, gheDataResidencySubdomain } = options;
  if (ghesHost !== undefined && gheDataResidencySubdomain !== undefined) {
    throw new InvalidInputError({
      field: "ghesHost",
      value: ghesHost,
      expected: "either ghesHost (GitHub Enterprise Server) or gheDataResidencySubdomain (GHE.com), not both",
      fix: "keep the one your workflows run on",
    });
  }
  if (ghesHost !== undefined) {
    if (enterpriseSlug !== undefined) {
      throw new InvalidInputError({
        field: "enterpriseSlug",
        value: enterpriseSlug,
        expected:
          "no enterpriseSlug with ghesHost (GitHub Enterprise Server's issuer is always https://{host}/_services/token)",
        fix: "remove enterpriseSlug",
      });
    }
    const host = requireSubjectPart("ghesHost", ghesHost, {
      pattern: HOST,
      expected: 'the server\'s host name (and port, if any), e.g. "github.contoso.com"',
      fix: 'remove the scheme and path: pass "github.contoso.com", not "https://github.contoso.com/"',
    });
    return requireFicFieldLength("issuer", `https://${host}/_services/token`);
  }
  const base =
    gheDataResidencySubdomain === undefined
      ? GITHUB_ISSUER
      : `https://token.actions.${requireSubjectPart("gheDataResidencySubdomain", gheDataResidencySubdomain, {
          pattern: SLUG,
          expected: 'the enterprise\'s GHE.com subdomain in lower case, e.g. "contoso" for contoso.ghe.com',
          fix: 'pass only the first label of the host: "contoso", not "contoso.ghe.com"',
        })}.ghe.com`;
  if (enterpriseSlug === undefined) return base;
  const slug = requireSubjectPart("enterpriseSlug", enterpriseSlug, {
    pattern: SLUG,
    expected: 'the enterprise\'s slug in lower case, as in github.com/enterprises/{slug}, e.g. "contoso"',
    fix: "copy the slug from the enterprise's URL",
  });
  return requireFicFieldLength("issuer", `${base}/${slug}`);
}
