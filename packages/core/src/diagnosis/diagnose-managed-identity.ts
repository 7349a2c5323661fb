import { cloudForExchangeAudience, cloudLabel } from "../clouds";
import { shellQuote } from "../shell-quote";
import type { Draft } from "./diagnosis-draft";
import type { Facts } from "./diagnosis-facts";

/** Refusals explained in full elsewhere (diagnose-entra-issued-refusals, diagnose-provisioning). */
const OWN_DIAGNOSIS = new Set([700236, 700222, 700229, 7000229, 65001]);

/**
 * The causes particular to a managed identity's token used as the assertion (an Entra-issued token:
 * issuer `https://login.microsoftonline.com/{tid}/v2.0`, subject its object id), put before the
 * general ones: the FIC's issuer naming another tenant or lacking `/v2.0`, the client id in place of
 * the object id, another cloud's audience, the app in another tenant than the identity, and the app
 * not multi-tenant or not provisioned in the tenant asked for.
 *
 * @see https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity
 * @example
 * ```ts
 * addManagedIdentityCauses(facts, 700213, draft);
 * ```
 */
export function addManagedIdentityCauses(facts: Facts, code: number | undefined, draft: Draft): void {
  if (facts.issuer === undefined || facts.platform?.id !== "managed-identity") return;
  // These refusals have a diagnosis of their own about the identity, the app's tenant or consent.
  if (code !== undefined && OWN_DIAGNOSIS.has(code)) return;
  const claims: Readonly<Record<string, unknown>> = facts.claims ?? {};
  const text = (value: unknown) => (typeof value === "string" && value.length <= 200 ? value : undefined);
  const tenant = text(claims.tid) ?? facts.issuer.split("/").at(-2) ?? "?";
  const objectId = text(claims.oid) ?? facts.subject ?? "?";
  const clientId = text(claims.azp);
  const { context } = facts;
  const causes: string[] = [
    `The assertion is a managed identity's token (object id ${objectId}${clientId ? `, client id ${clientId}` : ""}, home tenant ${tenant}): the app registration must trust it with a federated credential of issuer exactly ${JSON.stringify(facts.issuer)} and subject ${JSON.stringify(objectId)}.`,
  ];
  if (code === 70021 || code === 700211) {
    causes.push(
      `The credential's issuer must name the identity's home tenant ${tenant} and end with /v2.0 (${JSON.stringify(facts.issuer)}), not the tenant the token is asked in${context.tenantId === tenant ? "" : ` (${context.tenantId})`} and not the v1 issuer https://sts.windows.net/${tenant}/.`,
      `The app registration must be registered in the identity's home tenant ${tenant}: an app of another tenant cannot trust this identity (Microsoft requires both in the same tenant).`,
    );
  }
  if (code === 70021 || code === 700213 || code === 7002137) {
    const usesClientId = facts.context.federatedCredentials?.some(
      (credential) => clientId !== undefined && credential.subject?.toLowerCase() === clientId.toLowerCase(),
    );
    causes.push(
      `${usesClientId ? "The credential's subject is the identity's client id" : "A common mistake: the credential's subject is the identity's client id"}${clientId ? ` (${clientId})` : ""}; it must be its object (principal) id ${objectId} (az identity show --query principalId).`,
    );
  }
  if (code === 70021 || code === 700212) {
    const tokenCloud = facts.audiences.map(cloudForExchangeAudience).find((cloud) => cloud !== undefined);
    causes.push(
      `The credential's audience must be the token's, ${JSON.stringify(facts.audiences[0] ?? "")}${tokenCloud ? ` (the ${cloudLabel(tokenCloud.name)} cloud's exchange audience)` : ""}: api://AzureADTokenExchange in the public cloud, api://AzureADTokenExchangeUSGov in US Gov, api://AzureADTokenExchangeChina in China; the identity, the app and the token request must all be in one cloud.`,
    );
  }
  if (code === 700016 && context.tenantId.toLowerCase() !== tenant.toLowerCase()) {
    causes.push(
      `The token is asked in tenant ${context.tenantId}, not the identity's and app's home tenant ${tenant}: the app must be multi-tenant (signInAudience AzureADMultipleOrgs) and provisioned in ${context.tenantId} (an admin of that tenant consents, which creates its service principal there).`,
    );
    draft.commands.push(
      `az ad sp show --id ${shellQuote(context.clientId)}   # signed in to tenant ${context.tenantId}: is the app provisioned there?`,
      `https://login.microsoftonline.com/${context.tenantId}/adminconsent?client_id=${context.clientId}`,
    );
  }
  // The general "another app, or another tenant than the one asked" points at the wrong tenant here:
  // the credential lives on the app in the identity's home tenant, whatever the tenant asked.
  const general = `The credential was created on another app registration or managed identity than client id ${context.clientId}, or in another tenant than ${context.tenantId}.`;
  const at = draft.likelyCauses.indexOf(general);
  if (at >= 0 && context.tenantId.toLowerCase() !== tenant.toLowerCase()) {
    draft.likelyCauses[at] =
      `The credential was created on another app registration than client id ${context.clientId}: it belongs on the app registered in the identity's home tenant ${tenant}, not in tenant ${context.tenantId}, where the app is only provisioned.`;
  }
  draft.likelyCauses.unshift(...causes);
}
