import type { PlatformCases } from "./platform-cases";

/** A managed identity's token: Entra's v2.0 issuer, the identity's principal id in lower case. */
const ISSUER = "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0";
const PRINCIPAL_ID = "0c8d8a4e-1f2b-4c3d-9e5f-6a7b8c9d0e1f";

export const MANAGED_IDENTITY_CASES: PlatformCases = {
  sample: { issuer: ISSUER, subject: PRINCIPAL_ID },
  recognised: [
    [ISSUER, PRINCIPAL_ID, "managed-identity"],
    [ISSUER, undefined, undefined],
  ],
  credentialName: { name: `managed-identity-${PRINCIPAL_ID}` },
  subjectWarnings: {
    rule: "managed-identity-subject-case",
    cases: [[PRINCIPAL_ID.toUpperCase(), `use ${JSON.stringify(PRINCIPAL_ID)}`]],
  },
};
