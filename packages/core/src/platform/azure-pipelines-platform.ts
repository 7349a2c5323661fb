import type { Platform } from "./platform";

/**
 * Azure Pipelines: the legacy issuer `https://vstoken.dev.azure.com/{organizationId}` with subjects
 * `sc://{org}/{project}/{connection}`, or the Entra issuer
 * `https://login.microsoftonline.com/{tenantId}/v2.0` with subjects `/eid1/c/pub/...` (recognised by
 * the subject, since the issuer is Entra's own).
 *
 * @see https://learn.microsoft.com/en-us/azure/devops/pipelines/release/convert-service-connections?view=azure-devops
 */
export const AZURE_PIPELINES_PLATFORM: Platform = {
  id: "azure-pipelines",
  label: "Azure Pipelines",
  credentialNamePrefix: "azure-pipelines",
  subjectPrefix: /^(sc:\/\/|\/eid1\/c\/pub\/)/,
  // Legacy sc://{org}/{project}/{connection} → org, project, connection; the Entra subject's
  // readable part is its last segment, the service connection's id.
  credentialNameParts: (subject) => {
    if (!subject.startsWith("sc://")) return [subject.slice(subject.lastIndexOf("/") + 1)];
    const [organization = "", project = "", ...connection] = subject.slice("sc://".length).split("/");
    return [organization, project, connection.join("/")];
  },
  issued: (issuer, subject) =>
    issuer.host === "vstoken.dev.azure.com" ||
    issuer.host.endsWith(".vstoken.visualstudio.com") ||
    subject?.startsWith("/eid1/") === true ||
    subject?.startsWith("sc://") === true,
  issuerCauses: () => [
    "Azure DevOps service connections now issue tokens with the Entra issuer (https://login.microsoftonline.com/{tenant}/v2.0, subject /eid1/...) instead of https://vstoken.dev.azure.com/{organizationId} (subject sc://...); a credential written for the other format does not match. Edit and save the service connection, or update the credential.",
  ],
};
