import { addManagedIdentityCauses } from "./diagnose-managed-identity";
import { addExpiryObservation } from "./diagnose-token-times";
import { diagnoseOther } from "./diagnose-unknown-code";
import type { Diagnosis } from "./diagnosis";
import { type Draft, sanitize } from "./diagnosis-draft";
import { describeFacts, type EntraErrorContext, gatherFacts } from "./diagnosis-facts";
import { EXPLANATION_BY_CODE } from "./diagnosis-table";

/**
 * Explains why Entra refused a token request. For every federation code (AADSTS70021, 700211,
 * 700212, 700213, 7002138, 700024, 70025, 700016, 50027, 700027, 90061, 900612, 70052, 700223,
 * 700238, 900144, 700236, 700222, 700229, 7000229, 65001, 50166, 501661, and any other as a fallback; the
 * table in `diagnosis-table.ts` says which explanation each gets) it decodes the presented assertion (never printing
 * it), reads the values Entra quotes, and says which of issuer / subject / audience did not match,
 * the values presented, the likely cause (letter case, an AKS issuer's trailing slash, the audience
 * of another cloud, an expired token, a missing app, no credentials at all, replication delay) and
 * the fix, with the credential to create and the `az` commands. Pure: no I/O.
 *
 * @example
 * ```ts
 * const diagnosis = diagnoseEntraError({
 *   aadsts: [700213],
 *   errorDescription: "AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:contoso/app:pull_request'.",
 *   assertion,
 *   tenantId: "contoso.onmicrosoft.com",
 *   clientId: "00000000-0000-0000-0000-000000000000",
 *   authorityHost: "https://login.microsoftonline.com",
 *   audience: "api://AzureADTokenExchange",
 * });
 * console.error(formatDiagnosis(diagnosis));
 * ```
 */
export function diagnoseEntraError(context: EntraErrorContext): Diagnosis {
  const facts = gatherFacts(context, (code) => EXPLANATION_BY_CODE.has(code));
  const draft: Draft = {
    summary: "",
    details: describeFacts(facts),
    likelyCauses: [],
    fix: [],
    commands: [],
  };
  const code = facts.code;
  const explain = code === undefined ? undefined : EXPLANATION_BY_CODE.get(code);
  if (code !== undefined && explain) explain(facts, code, draft);
  else diagnoseOther(facts, draft);
  addManagedIdentityCauses(facts, code, draft);
  if (code !== 700024) addExpiryObservation(facts, draft);
  return sanitize(draft, context.assertion);
}
