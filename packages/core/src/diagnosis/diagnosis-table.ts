import {
  diagnoseApplicationNotFound,
  diagnoseMissingParameter,
  diagnoseMultiTenant,
  diagnoseNoCredentials,
  diagnosePolicy,
} from "./diagnose-app-registration";
import {
  diagnoseEntraIssuedAcrossTenants,
  diagnoseEntraIssuedRefused,
} from "./diagnose-entra-issued-refusals";
import {
  diagnoseAlgorithm,
  diagnoseDiscovery,
  diagnoseIssuerUnreachable,
  diagnoseMalformed,
  diagnoseSignature,
  diagnoseSigningKeys,
} from "./diagnose-issuer-keys";
import { diagnoseNoMatch } from "./diagnose-no-match";
import { diagnoseConsentMissing, diagnoseMissingServicePrincipal } from "./diagnose-provisioning";
import { diagnoseTimeRange } from "./diagnose-token-times";
import type { Draft } from "./diagnosis-draft";
import type { Facts } from "./diagnosis-facts";

/** Writes the explanation of one AADSTS code into the draft: its summary, causes, fixes and commands. */
export type Explanation = (facts: Facts, code: number, draft: Draft) => void;

/**
 * Which explanation each AADSTS code gets. A code not listed gets `diagnoseOther`
 * (`diagnose-unknown-code.ts`). The first code of an answer found here is the one explained.
 *
 * @see https://learn.microsoft.com/entra/identity-platform/reference-error-codes (entra-docs
 *   docs/identity-platform/reference-error-codes.md, ms.date 04/24/2024, commit 04f6554, read 2026-12-07)
 */
export const EXPLANATION_BY_CODE: ReadonlyMap<number, Explanation> = new Map<number, Explanation>([
  // No federated identity credential matches (issuer, subject, audience, letter case).
  [70021, diagnoseNoMatch],
  [700211, diagnoseNoMatch],
  [700212, diagnoseNoMatch],
  [700213, diagnoseNoMatch],
  [7002137, diagnoseNoMatch],
  [7002138, diagnoseNoMatch],
  // Token times.
  [700024, (facts, _code, draft) => diagnoseTimeRange(facts, draft)],
  // The issuer's documents and keys, and the assertion they verify.
  [50027, (facts, _code, draft) => diagnoseMalformed(facts, draft)],
  [700027, (facts, _code, draft) => diagnoseSignature(facts, draft)],
  // "The certificate with identifier ... could not be found in the metadata of identity provider ...":
  // Azure/azure-workload-identity#1232 (as served, checked 2026-12-07).
  [7000272, (facts, _code, draft) => diagnoseSignature(facts, draft)],
  [5002738, (facts, _code, draft) => diagnoseAlgorithm(facts, draft)],
  [90061, (facts, _code, draft) => diagnoseDiscovery(facts, draft)],
  [50166, (facts, _code, draft) => diagnoseIssuerUnreachable(facts, draft)],
  [501661, (facts, _code, draft) => diagnoseIssuerUnreachable(facts, draft)],
  [900612, (facts, _code, draft) => diagnoseSigningKeys(facts, draft)],
  // The app registration or identity.
  [70025, (facts, _code, draft) => diagnoseNoCredentials(facts, draft)],
  [700016, (facts, _code, draft) => diagnoseApplicationNotFound(facts, draft)],
  [70052, (facts, _code, draft) => diagnoseMultiTenant(facts, draft)],
  [700223, diagnosePolicy],
  [700238, diagnosePolicy],
  [900144, (facts, _code, draft) => diagnoseMissingParameter(facts, draft)],
  // Entra-issued assertions (a managed identity's token).
  [700236, (facts, _code, draft) => diagnoseEntraIssuedAcrossTenants(facts, draft)],
  [700222, diagnoseEntraIssuedRefused],
  [700229, diagnoseEntraIssuedRefused],
  // Provisioning and consent.
  [7000229, (facts, _code, draft) => diagnoseMissingServicePrincipal(facts, draft)],
  [65001, (facts, _code, draft) => diagnoseConsentMissing(facts, draft)],
]);
