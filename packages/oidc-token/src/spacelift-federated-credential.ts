import type { FederatedCredentialChoices, FederatedIdentityCredential } from "@azfed/core";
import { assembleFederatedCredential } from "@azfed/core/provider";
import { type SpaceliftIssuerOptions, spaceliftIssuer } from "./spacelift-issuer";
import { type SpaceliftSubjectOptions, spaceliftSubject } from "./spacelift-subject";

/**
 * What {@link spaceliftFederatedCredential} needs: the account (or a self-hosted issuer) and the
 * runs (as {@link spaceliftSubject} takes them).
 *
 * @example
 * ```ts
 * const options: SpaceliftFederatedCredentialOptions = {
 *   account: "demo",
 *   spaceId: "root",
 *   stack: "infra",
 *   runType: "TRACKED",
 *   scope: "write",
 * };
 * ```
 */
export type SpaceliftFederatedCredentialOptions = SpaceliftIssuerOptions &
  SpaceliftSubjectOptions &
  FederatedCredentialChoices;

/**
 * The federated identity credential that lets one kind of run of a Spacelift stack (or module)
 * exchange its OIDC token: issuer the account's URL, subject as {@link spaceliftSubject} builds it,
 * audience the account's host (`demo.app.spacelift.io`): Spacelift's tokens carry that `aud`, and
 * its Azure guide says to enter it. A stack needs one credential per run type and scope.
 *
 * @see https://github.com/spacelift-io/user-documentation/blob/6e9746fefd4ef10fc7c4b68567356a98d3c07c56/docs/integrations/cloud-providers/oidc/azure-oidc.md
 *   (commit 6e9746fefd4ef10fc7c4b68567356a98d3c07c56 of spacelift-io/user-documentation, checked 2026-12-07: "Audience: The hostname of your Spacelift account")
 *
 * @example
 * ```ts
 * const fic = spaceliftFederatedCredential({ account: "demo", spaceId: "root", stack: "infra", runType: "TRACKED", scope: "write" });
 * // { name: "spacelift-root-infra-tracked-write", issuer: "https://demo.app.spacelift.io",
 * //   subject: "space:root:stack:infra:run_type:TRACKED:scope:write", audiences: ["demo.app.spacelift.io"], description: ... }
 * ```
 */
export function spaceliftFederatedCredential(
  options: SpaceliftFederatedCredentialOptions,
): FederatedIdentityCredential {
  const subject = spaceliftSubject(options);
  const issuer = spaceliftIssuer(options);
  return assembleFederatedCredential(
    { platform: "spacelift", issuer, subject, summary: `Spacelift ${subject}` },
    { ...options, audience: options.audience ?? new URL(issuer).host },
  );
}
