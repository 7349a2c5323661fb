import type { EnvironmentSignal } from "./environment-signal";
import type { Platform } from "./platform";

/** `spiffe://{trust domain}{path}`, the scheme in any case (it is case-insensitive). */
const SPIFFE_URI = /^spiffe:\/\/([^/?#]*)(.*)$/i;

/**
 * SPIFFE/SPIRE: a JWT-SVID, fetched from the SPIFFE Workload API or from the file spiffe-helper
 * writes. Issuer: the SPIRE OIDC discovery provider's URL, which SPIRE puts in `iss` only when the
 * server's `jwt_issuer` is set; subject: the workload's SPIFFE ID,
 * `spiffe://{trust domain}/{path}`. Every deployment has its own issuer, so a token is recognised by
 * its subject alone (last in the table: no other platform's subject starts with `spiffe://`).
 * Entra needs RS256 JWT-SVIDs (the SPIRE server's `jwt_key_type`, whose default is ES256) and
 * `use: "sig"` on the published keys (the discovery provider's `set_key_use = true`).
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-spiffe-spire
 *   (entra-docs `docs/workload-id/workload-identity-federation-spiffe-spire.md`, ms.date 08/12/2026,
 *   commit 129d8b4e8ace4ce601ca2a57bebf969a8d6a87f7, checked 2026-12-07: issuer = the OIDC discovery
 *   URL, subject = the SPIFFE ID; "set the server CA `jwt_key_type` to an RSA key type";
 *   "Microsoft Entra ID expects this parameter on the signing keys")
 * @see spiffe/spiffe standards/SPIFFE-ID.md (commit 665a28f3253ecdce59f26f3ef29c0d6408b37c3d, checked
 *   2026-12-07: "The `host` part of the authority MUST be lowercase"; "MUST NOT include a trailing `/`")
 * @see spiffe/spire doc/spire_server.md and pkg/server/credtemplate/builder.go (commit
 *   ef8527ec91013c6c1b4741e0f6ac0786576e620e, checked 2026-12-07: `jwt_key_type` defaults to
 *   `ca_key_type` or ec-p256; `default_jwt_svid_ttl` 5m; `iss` is set only from `jwt_issuer`)
 * @see spiffe/spire support/oidc-discovery-provider/README.md (same commit: `set_key_use`, "If true,
 *   the `use` parameter on JWKs will be set to `sig`", default false)
 */
export const SPIFFE_PLATFORM: Platform & { readonly environmentSignal: EnvironmentSignal } = {
  id: "spiffe",
  label: "SPIFFE",
  // SPIFFE_ENDPOINT_SOCKET: the "well-known environment variable" for the Workload API's address, and
  // nothing else ("If not explicitly configured, conforming clients MUST fall back to the environment
  // variable"; spiffe/spiffe standards/SPIFFE_Workload_Endpoint.md, section 4, commit
  // 665a28f3253ecdce59f26f3ef29c0d6408b37c3d, checked 2026-12-07).
  environmentSignal: {
    find: (env) => (env.SPIFFE_ENDPOINT_SOCKET ? "SPIFFE_ENDPOINT_SOCKET" : undefined),
    absent: "SPIFFE_ENDPOINT_SOCKET is not set",
  },
  credentialNamePrefix: "spiffe",
  subjectPrefix: /^spiffe:\/\//i,
  // The trust domain and each path segment.
  credentialNameParts: (subject) => {
    const [, trustDomain = "", path = ""] = SPIFFE_URI.exec(subject) ?? [];
    return [trustDomain, ...path.split("/").filter((segment) => segment !== "")];
  },
  issued: (_issuer, subject) => subject !== undefined && SPIFFE_URI.test(subject),
  subjectShapeWarning(subject) {
    const problem = spiffeSubjectProblem(subject);
    return problem === undefined
      ? undefined
      : {
          rule: "spiffe-subject-shape",
          message: `${problem}; a JWT-SVID's sub is the SPIFFE ID as SPIRE writes it (spiffe://{lower-case trust domain}/{path}). Fix: copy the SPIFFE ID of the registration entry (spire-server entry show)`,
        };
  },
  subjectDifference(presented, expected) {
    const token = SPIFFE_URI.exec(presented);
    const credential = SPIFFE_URI.exec(expected);
    if (!token || !credential) return undefined;
    if (token[1] !== credential[1]) {
      return `different trust domain: the workload is in ${token[1]}, the credential names ${credential[1]}`;
    }
    return `different workload path: the workload's SPIFFE ID has ${token[2] || "(no path)"}, the credential ${credential[2] || "(no path)"}`;
  },
  issuerCauses: () => [
    "The issuer is the SPIRE OIDC discovery provider's URL (one of its `domains`), exactly as the JWT-SVID carries it in `iss`; SPIRE writes `iss` only when the server's `jwt_issuer` is set, so set it to that URL.",
  ],
  subjectCauses: () => [
    "The subject is the workload's SPIFFE ID exactly as its registration entry gives it (spire-server entry show): trust domain in lower case, no trailing slash.",
  ],
  expiredTokenCauses: [
    "A JWT-SVID lives the SPIRE server's default_jwt_svid_ttl (5 minutes by default): a token in a file that spiffe-helper no longer renews (daemon_mode = false fetches once and exits) has expired; run spiffe-helper as a daemon, or let spiffe() ask the Workload API at each exchange.",
  ],
  signingKeyCauses: [
    'SPIRE signs JWT-SVIDs with an EC key (ES256) unless the server\'s jwt_key_type (or ca_key_type) is an RSA type; Entra supports RS256: set jwt_key_type = "rsa-2048" in the SPIRE server configuration and wait for the next JWT key to become active.',
    'The SPIRE OIDC discovery provider publishes its keys without `use` unless its configuration has set_key_use = true; Entra expects "use": "sig" on each key of the JWKS.',
  ],
};

/** Why a `spiffe://` subject is not one SPIRE can issue (what Entra's exact comparison never matches), or `undefined`. */
function spiffeSubjectProblem(subject: string): string | undefined {
  const parts = SPIFFE_URI.exec(subject);
  if (!parts) return undefined;
  const [, trustDomain = "", path = ""] = parts;
  if (!subject.startsWith("spiffe://")) return "the scheme is not written spiffe:// in lower case";
  if (trustDomain !== trustDomain.toLowerCase())
    return `the trust domain ${trustDomain} is not in lower case`;
  if (path.endsWith("/")) return "the SPIFFE ID ends with /";
  if (/[?#%]/.test(path)) return "the SPIFFE ID holds a query, a fragment or a percent-encoded character";
  return undefined;
}
