import type { FederatedCredentialChoices, FederatedIdentityCredential } from "@azfed/core";
import { assembleFederatedCredential, requireHttpsIssuer } from "@azfed/core/provider";
import { type SpiffeSubjectOptions, spiffeSubject } from "./spiffe-subject";

/**
 * What {@link spiffeFederatedCredential} needs: the SPIRE OIDC discovery provider's URL and the
 * workload's SPIFFE ID (or its parts).
 *
 * @example
 * ```ts
 * const options: SpiffeFederatedCredentialOptions = {
 *   issuer: "https://oidc.contoso.com",
 *   spiffeId: "spiffe://example.org/ns/demo-spiffe/sa/demo-sa",
 * };
 * ```
 */
export type SpiffeFederatedCredentialOptions = SpiffeSubjectOptions &
  FederatedCredentialChoices & {
    /**
     * The SPIRE OIDC discovery provider's URL, exactly as the JWT-SVIDs carry it in `iss` (the SPIRE
     * server's `jwt_issuer`), e.g. `https://oidc.contoso.com`.
     */
    readonly issuer: string;
  };

/**
 * The federated identity credential that lets a SPIFFE workload exchange its JWT-SVID: issuer the
 * SPIRE OIDC discovery provider, subject the workload's SPIFFE ID, audience `api://AzureADTokenExchange`.
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-spiffe-spire
 *   (Part 3: issuer, subject, audiences; ms.date 08/12/2026, checked 2026-12-07)
 * @example
 * ```ts
 * const fic = spiffeFederatedCredential({
 *   issuer: "https://oidc.contoso.com",
 *   spiffeId: "spiffe://example.org/ns/demo-spiffe/sa/demo-sa",
 * });
 * // { name: "spiffe-example-org-ns-demo-spiffe-sa-demo-sa", issuer: "https://oidc.contoso.com",
 * //   subject: "spiffe://example.org/ns/demo-spiffe/sa/demo-sa", audiences: ["api://AzureADTokenExchange"], ... }
 * ```
 */
export function spiffeFederatedCredential(
  options: SpiffeFederatedCredentialOptions,
): FederatedIdentityCredential {
  const subject = spiffeSubject(options);
  const issuer = requireHttpsIssuer("issuer", options.issuer, {
    expected: "the SPIRE OIDC discovery provider's URL",
    fix: "use the SPIRE server's jwt_issuer (the URL the discovery provider is served at, e.g. https://oidc.contoso.com)",
  });
  return assembleFederatedCredential(
    { platform: "spiffe", issuer, subject, summary: `SPIFFE workload ${subject}` },
    options,
  );
}
