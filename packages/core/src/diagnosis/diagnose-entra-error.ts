import {
  diagnoseEntraIssuedAcrossTenants,
  diagnoseEntraIssuedRefused,
} from "./diagnose-entra-issued-refusals";
import { addManagedIdentityCauses } from "./diagnose-managed-identity";
import { diagnoseNoMatch } from "./diagnose-no-match";
import {
  addExpiryObservation,
  diagnoseApplicationNotFound,
  diagnoseDiscovery,
  diagnoseMalformed,
  diagnoseMissingParameter,
  diagnoseMultiTenant,
  diagnoseNoCredentials,
  diagnoseOther,
  diagnosePolicy,
  diagnoseSignature,
  diagnoseSigningKeys,
  diagnoseTimeRange,
} from "./diagnose-other-refusals";
import { diagnoseConsentMissing, diagnoseMissingServicePrincipal } from "./diagnose-provisioning";
import type { Diagnosis } from "./diagnosis";
import { type Draft, sanitize } from "./diagnosis-draft";
import type { EntraErrorContext } from "./diagnosis-facts";
import { describeFacts, gatherFacts, NO_MATCH_CODES } from "./diagnosis-facts";

/**
 * Explains why Entra refused a token request. For every federation code (AADSTS70021, 700211,
 * 700212, 700213, 7002138, 700024, 70025, 700016, 50027, 700027, 90061, 900612, 70052, 700223,
 * 700238, 900144, 700236, 700222, 700229, 7000229, 65001, and any other as a fallback) it decodes the presented assertion (never printing
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
  const facts = gatherFacts(context);
  const draft: Draft = {
    summary: "",
    details: describeFacts(facts),
    likelyCauses: [],
    fix: [],
    commands: [],
  };
  const code = facts.code;
  if (code !== undefined && NO_MATCH_CODES.has(code)) diagnoseNoMatch(facts, code, draft);
  else if (code === 700024) diagnoseTimeRange(facts, draft);
  else if (code === 70025) diagnoseNoCredentials(facts, draft);
  else if (code === 700016) diagnoseApplicationNotFound(facts, draft);
  else if (code === 50027) diagnoseMalformed(facts, draft);
  else if (code === 700027) diagnoseSignature(facts, draft);
  else if (code === 90061) diagnoseDiscovery(facts, draft);
  else if (code === 900612) diagnoseSigningKeys(facts, draft);
  else if (code === 70052) diagnoseMultiTenant(facts, draft);
  else if (code === 700223 || code === 700238) diagnosePolicy(facts, code, draft);
  else if (code === 900144) diagnoseMissingParameter(facts, draft);
  else if (code === 700236) diagnoseEntraIssuedAcrossTenants(facts, draft);
  else if (code === 700222 || code === 700229) diagnoseEntraIssuedRefused(facts, code, draft);
  else if (code === 7000229) diagnoseMissingServicePrincipal(facts, draft);
  else if (code === 65001) diagnoseConsentMissing(facts, draft);
  else diagnoseOther(facts, draft);
  addManagedIdentityCauses(facts, code, draft);
  if (code !== 700024) addExpiryObservation(facts, draft);
  return sanitize(draft, context.assertion);
}
