import { EXPIRED, type PlatformCases } from "./platform-cases";

/** The Entra SPIFFE/SPIRE tutorial's issuer and SPIFFE ID (ms.date 08/12/2026, read 2026-12-07). */
const ISSUER = "https://oidc.contoso.com";
const SUBJECT = "spiffe://example.org/ns/demo-spiffe/sa/demo-sa";

export const SPIFFE_CASES: PlatformCases = {
  sample: { issuer: ISSUER, subject: SUBJECT },
  recognised: [
    [ISSUER, SUBJECT, "spiffe"],
    ["https://127.0.0.1:8443", "spiffe://example.org", "spiffe"],
    [ISSUER, undefined, undefined],
    [ISSUER, "system:serviceaccount:demo:web", "kubernetes"],
    // A SPIFFE ID under another platform's issuer stays that platform's.
    ["https://token.actions.githubusercontent.com", SUBJECT, "github-actions"],
  ],
  // After the trust domain and the path.
  credentialName: { name: "spiffe-example-org-ns-demo-spiffe-sa-demo-sa" },
  // Subjects SPIRE never issues.
  subjectWarnings: {
    rule: "spiffe-subject-shape",
    cases: [
      ["spiffe://Example.org/web", "the trust domain Example.org is not in lower case"],
      ["spiffe://example.org/web/", "ends with /"],
      ["SPIFFE://example.org/web", "spiffe:// in lower case"],
      ["spiffe://example.org/we%20b", "percent-encoded"],
    ],
  },
  subjectHints: [
    [SUBJECT, "spiffe://prod.example.org/ns/demo-spiffe/sa/demo-sa", "different trust domain"],
    [SUBJECT, "spiffe://example.org/ns/demo-spiffe/sa/batch", "different workload path"],
  ],
  diagnoses: [
    // ES256 refused: SPIRE's jwt_key_type.
    { aadsts: 5002738, alg: "ES256", summary: "(ES256)", causes: 'jwt_key_type = "rsa-2048"' },
    // The signing key: jwt_key_type and set_key_use.
    { aadsts: 700027, causes: "jwt_key_type" },
    { aadsts: 700027, causes: "set_key_use = true" },
    { aadsts: 7000272, causes: "jwt_key_type" },
    { aadsts: 7000272, causes: "set_key_use = true" },
    { aadsts: 700211, causes: "jwt_issuer" },
    { aadsts: 700024, claims: EXPIRED, causes: "daemon_mode" },
  ],
};
