import { shellQuote } from "../shell-quote";
import { addIssuerCommands, type Draft, discoveryUrl } from "./diagnosis-draft";
import type { Facts } from "./diagnosis-facts";

// Refusals about the issuer's published documents and keys: AADSTS90061 (discovery could not be
// fetched), 50166 / 501661 (Request to External OIDC endpoint failed), 900612 (keys unreadable),
// 700027 (signature not verified with them), 50027 (not a JWT Entra can read).
// @see https://learn.microsoft.com/entra/identity-platform/reference-error-codes (entra-docs docs/identity-platform/reference-error-codes.md, ms.date 04/24/2024, commit 04f65548622d3f134b13b4c1978d1471177e2b1c, read 2026-12-07)

export function diagnoseMalformed(facts: Facts, draft: Draft): void {
  draft.summary = "Entra could not read the client assertion as a valid JWT.";
  if (facts.decodeProblem) draft.likelyCauses.push(facts.decodeProblem);
  const alg = facts.header?.alg;
  if (alg !== undefined && (alg === "none" || /^HS/i.test(alg))) {
    draft.likelyCauses.push(
      `The token is ${alg === "none" ? "unsigned (alg none)" : `signed with the shared-secret algorithm ${alg}`}; Entra needs an asymmetric signature such as RS256 or ES256 that it can check with the issuer's published keys.`,
    );
  }
  if (facts.claims && facts.claims.exp === undefined) {
    draft.likelyCauses.push("The token has no `exp` claim; Entra requires an expiry.");
  }
  draft.likelyCauses.push(
    "The value passed is not the platform's OIDC token: an access token, the GitHub request token, a whole JSON answer, or a token cut short or with a trailing newline.",
  );
  draft.fix.push(
    "Pass the platform's OIDC token exactly as issued (GitHub's `value`, Azure DevOps' `oidcToken`, the Kubernetes token file's content, trimmed).",
  );
}

export function diagnoseSignature(facts: Facts, draft: Draft): void {
  const issuer = facts.issuer;
  draft.summary = `Entra could not verify the token's signature with the keys ${issuer ? `published by ${issuer}` : "its issuer publishes"}.`;
  if (facts.header) {
    draft.details.push(
      `Token header: alg ${facts.header.alg ?? "(none)"}, kid ${facts.header.kid ?? "(none)"}.`,
    );
  }
  draft.likelyCauses.push(
    `The issuer's JWKS (jwks_uri in ${discoveryUrl(issuer)}) does not contain the key${facts.header?.kid ? ` with kid ${JSON.stringify(facts.header.kid)}` : ""} that signed the token: keys were rotated and the published keys were not updated.`,
    "The token was not signed by the issuer it names in `iss` (for example a self-managed cluster whose service account signing key differs from the published one).",
  );
  draft.likelyCauses.push(...(facts.platform?.signingKeyCauses ?? []));
  draft.fix.push(
    "Publish the current signing keys at the issuer's jwks_uri (self-managed Kubernetes: update the discovery documents after rotating the service account signing key), then retry.",
  );
  addIssuerCommands(issuer, draft);
}

export function diagnoseDiscovery(facts: Facts, draft: Draft): void {
  const issuer = facts.issuer;
  draft.summary = `Entra could not fetch the issuer's OpenID configuration (${discoveryUrl(issuer)}).`;
  draft.likelyCauses.push(
    "The issuer is not reachable from the internet (a private cluster, a self-managed GitLab behind a firewall, a local address).",
    "The issuer's TLS certificate is not publicly trusted, or the discovery document or its jwks_uri answers with an error.",
    "A passing outage of the issuer.",
  );
  draft.fix.push(
    "Serve the issuer's discovery document and JWKS publicly over https with a publicly trusted certificate (for a private cluster, host them on public storage and set the service account issuer to that URL).",
    "Check from outside your network with the commands below.",
  );
  addIssuerCommands(issuer, draft);
}

export function diagnoseSigningKeys(facts: Facts, draft: Draft): void {
  draft.summary = "Entra fetched the issuer's signing keys (JWKS) but could not parse them.";
  draft.likelyCauses.push(
    "The issuer's jwks_uri answers with something other than a JSON Web Key Set: an HTML page, an error, or keys without kty/kid/n/e.",
  );
  draft.fix.push("Make the issuer's jwks_uri serve a valid JSON Web Key Set with the public signing keys.");
  addIssuerCommands(facts.issuer, draft);
}

/**
 * AADSTS50166 / 501661, "Request to External OIDC endpoint failed": Entra could not fetch the
 * issuer's discovery document or its keys. The reference lists 50166 as ExternalClaimsProviderThrottled
 * ("Failed to send request to claims provider"); GitLab documents 501661 with this message for an
 * instance Azure cannot reach (it must reach `GET /.well-known/openid-configuration` and
 * `GET /oauth/discovery/keys`; after opening the firewall, clear GitLab's Redis cache).
 *
 * @see https://learn.microsoft.com/entra/identity-platform/reference-error-codes (ms.date 04/24/2024)
 * @see gitlabhq/gitlabhq doc/ci/cloud_services/azure/_index.md, "Request to External OIDC endpoint
 *   failed message" (commit 1dfe61a9c1fe11a451cb24439a212b9c6df9f209, read 2026-12-07)
 */
export function diagnoseIssuerUnreachable(facts: Facts, draft: Draft): void {
  const issuer = facts.issuer;
  draft.summary = `Entra could not fetch the issuer's discovery document (${discoveryUrl(issuer)}) or its signing keys ("Request to External OIDC endpoint failed").`;
  draft.likelyCauses.push(
    "The issuer is not reachable from the internet: a self-managed GitLab or a self-managed Kubernetes cluster behind a firewall or on a private network. Entra fetches the discovery document and the jwks_uri itself; reaching them from inside your network is not enough.",
    "The issuer's TLS certificate is not publicly trusted, or the discovery document or jwks_uri answers with an error or a redirect.",
    "Entra could not reach the issuer for a moment (throttled or a passing outage); it answers the same way.",
  );
  if (facts.platform?.id === "gitlab") {
    draft.likelyCauses.push(
      "GitLab: Azure must reach `GET /.well-known/openid-configuration` and `GET /oauth/discovery/keys` on the instance; if the firewall was opened and the error stays, clear GitLab's Redis cache and retry.",
    );
  }
  draft.fix.push(
    `Check the issuer as Entra does: \`azfed doctor --issuer ${issuer === undefined ? "<issuer-url>" : shellQuote(issuer)}\` (HTTPS, discovery reachable, \`issuer\` equal to the URL, jwks_uri reachable, RS256 keys).`,
    "Serve the discovery document and the JWKS publicly over HTTPS with a publicly trusted certificate (a private cluster: host them on public storage and set the service account issuer to that URL), then retry.",
  );
  if (issuer !== undefined) draft.commands.push(`azfed doctor --issuer ${shellQuote(issuer)}`);
  addIssuerCommands(issuer, draft);
}

/**
 * AADSTS5002738, "Invalid JWT token. 'ES256' is not a supported signature algorithm": the token is
 * signed with an algorithm Entra does not accept for federation (it supports RS256).
 *
 * @see https://github.com/AzureAD/microsoft-identity-web/issues/3467 (the message, for ES256-signed
 *   tokens of a Kubernetes or OIDC issuer; as served, checked 2026-12-07)
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations
 *   ("Only issuers that provide tokens signed using the RS256 algorithm are supported"; ms.date 02/28/2024)
 */
export function diagnoseAlgorithm(facts: Facts, draft: Draft): void {
  const alg = facts.header?.alg;
  draft.summary = `Entra does not accept the token's signature algorithm${alg ? ` (${alg})` : ""}: workload identity federation supports issuers that sign with RS256.`;
  draft.likelyCauses.push(
    ...(facts.platform?.signingKeyCauses ?? [
      "The issuer signs its tokens with an elliptic-curve (ES256, ES384) or other non-RSA key.",
    ]),
  );
  draft.fix.push(
    "Make the issuer sign with an RSA key (RS256) and publish that key in its JWKS, then retry.",
  );
  addIssuerCommands(facts.issuer, draft);
}
