import { explainAgainstCredentials } from "./diagnose-no-match";
import type { Draft } from "./diagnosis-draft";
import type { Facts } from "./diagnosis-facts";

// A refusal whose code has no diagnosis of its own: what Entra said, the nearest supplied credential,
// and where Entra's own page explains the code.
// @see https://learn.microsoft.com/entra/identity-platform/reference-error-codes (entra-docs docs/identity-platform/reference-error-codes.md, ms.date 04/24/2024, commit 04f65548622d3f134b13b4c1978d1471177e2b1c, read 2026-12-07)

export function diagnoseOther(facts: Facts, draft: Draft): void {
  const code = facts.code;
  draft.summary =
    code === undefined
      ? "Entra refused the token request."
      : `Entra refused the token request with AADSTS${code}.`;
  if (facts.context.federatedCredentials) explainAgainstCredentials(facts, draft);
  draft.fix.push(
    code === undefined
      ? "Read Entra's message above."
      : `Look the code up at https://login.microsoftonline.com/error?code=${code}.`,
  );
}
