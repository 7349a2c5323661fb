import type { PlatformCases } from "./platform-cases";

/** A service connection's legacy token (the platform entry's issuer and subject shapes). */
const ISSUER = "https://vstoken.dev.azure.com/8a3f1c9e-52d7-4b8b-9d0e-6f1a2b3c4d5e";

export const AZURE_PIPELINES_CASES: PlatformCases = {
  sample: { issuer: ISSUER, subject: "sc://contoso/web/prod-arm" },
  recognised: [
    ["https://vstoken.dev.azure.com/8a3f1c9e", undefined, "azure-pipelines"],
    // Entra's own issuer: recognised by the subject.
    ["https://login.microsoftonline.com/t/v2.0", "/eid1/c/pub/t/x/a/y/sc/o/c", "azure-pipelines"],
  ],
  credentialName: { name: "azure-pipelines-contoso-web-prod-arm" },
};
