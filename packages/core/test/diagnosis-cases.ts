// The setup the diagnosis tests share: fixed times, ids, a GitHub token, and diagnose() that pins the text.

import { unsignedJwt } from "@azfed/testing";
import { expect } from "vitest";
import { diagnoseEntraError } from "../src/diagnosis/diagnose-entra-error";
import { type Diagnosis, formatDiagnosis } from "../src/diagnosis/diagnosis";
import type { EntraErrorContext } from "../src/diagnosis/diagnosis-facts";

export const NOW = Date.parse("2025-03-01T12:00:00Z");
export const SECONDS = NOW / 1000;
export const GITHUB = "https://token.actions.githubusercontent.com";
export const AKS =
  "https://eastus.oic.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/5a3b0c41-1d8e-4a2b-9f7c-0f4a6d1b2c3d/";
export const CLIENT_ID = "af3110ba-0ba9-4412-b1a0-59f50b7e9273";
export const TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const TRACE =
  " Trace ID: 30b6df93-efd2-459c-ae6a-bad0838f6f00 Correlation ID: dffc6012-a4af-4f00-80ab-3e831069b3cc Timestamp: 2025-03-01 12:00:00Z";

export const base = {
  tenantId: TENANT_ID,
  clientId: CLIENT_ID,
  authorityHost: "https://login.microsoftonline.com",
  audience: "api://AzureADTokenExchange",
  now: NOW,
} satisfies Partial<EntraErrorContext>;

export const githubToken = (claims: Record<string, unknown> = {}) =>
  unsignedJwt({
    iss: GITHUB,
    sub: "repo:contoso/app:ref:refs/heads/main",
    aud: "api://AzureADTokenExchange",
    iat: SECONDS - 60,
    nbf: SECONDS - 60,
    exp: SECONDS + 240,
    ...claims,
  });

export function diagnose(context: Partial<EntraErrorContext> & Pick<EntraErrorContext, "aadsts">): Diagnosis {
  const diagnosis = diagnoseEntraError({ errorDescription: "", ...base, ...context });
  const text = formatDiagnosis(diagnosis);
  // The whole text a user reads, pinned per case (test/__snapshots__): a changed word shows in review.
  expect(text).toMatchSnapshot();
  if (context.assertion) {
    expect(text).not.toContain(context.assertion);
    expect(JSON.stringify(diagnosis)).not.toContain(context.assertion);
  }
  return diagnosis;
}

export const causes = (diagnosis: Diagnosis) => diagnosis.likelyCauses.join("\n");
