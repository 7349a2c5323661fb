import {
  type SpiffeFederatedCredentialOptions,
  spiffeFederatedCredential,
  spiffeSubject,
} from "@azfed/spiffe";
import { definePlatform } from "./define-platform";
import { textFlag } from "./platform-flags";

/**
 * SPIFFE/SPIRE for `azfed subject spiffe` and `azfed fic spiffe` (builders from `@azfed/spiffe`): the
 * subject is the workload's SPIFFE ID, the issuer the SPIRE OIDC discovery provider's URL.
 *
 * @example
 * ```ts
 * spiffePlatform.subject({ spiffeId: "spiffe://example.org/ns/demo/sa/web" });
 * // "spiffe://example.org/ns/demo/sa/web"
 * ```
 */
export const spiffePlatform = definePlatform<SpiffeFederatedCredentialOptions>({
  name: "spiffe",
  aliases: ["spire"],
  provider: "spiffe",
  title: "SPIFFE/SPIRE",
  subjectFlags: {
    spiffeId: textFlag(
      "<id>",
      "the workload's SPIFFE ID, spiffe://<trust domain>/<path> (spire-server entry show)",
    ),
    trustDomain: textFlag(
      "<domain>",
      "the trust domain, e.g. example.org (with --path, instead of --spiffe-id)",
    ),
    path: textFlag("<path>", "the workload's path, e.g. /ns/demo/sa/web (with --trust-domain)"),
  },
  credentialFlags: {
    issuer: textFlag("<url>", "the SPIRE OIDC discovery provider's URL, as the SPIRE server's jwt_issuer"),
  },
  subject: spiffeSubject,
  federatedCredential: spiffeFederatedCredential,
  flexible: false,
  subjectExamples: [
    "azfed subject spiffe --spiffe-id spiffe://example.org/ns/demo-spiffe/sa/demo-sa",
    "azfed subject spiffe --trust-domain example.org --path /ns/demo-spiffe/sa/demo-sa",
  ],
  credentialExamples: [
    "azfed fic spiffe --issuer https://oidc.contoso.com --spiffe-id spiffe://example.org/ns/demo-spiffe/sa/demo-sa --format az --app <app-id>",
  ],
});
