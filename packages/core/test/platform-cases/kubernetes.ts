import type { PlatformCases } from "./platform-cases";

/** An AKS cluster's issuer (with its trailing slash) and a service account's subject. */
const ISSUER =
  "https://eastus.oic.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/0e6f9ad6-7c1b-4d5e-8f9a-0b1c2d3e4f5a/";

export const KUBERNETES_CASES: PlatformCases = {
  sample: { issuer: ISSUER, subject: "system:serviceaccount:apps:api" },
  recognised: [
    ["https://eastus.oic.prod-aks.azure.com/t/c/", undefined, "kubernetes"],
    ["https://oidc.example.com", "system:serviceaccount:ns:sa", "kubernetes"],
  ],
  credentialName: { name: "kubernetes-apps-api" },
  subjectWarnings: {
    rule: "kubernetes-subject-shape",
    cases: [["system:serviceaccount:apps", "name both the namespace and the service account"]],
  },
};
