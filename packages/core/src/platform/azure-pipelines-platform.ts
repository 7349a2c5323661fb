import type { EnvironmentSignal } from "./environment-signal";
import type { Platform } from "./platform";

/**
 * Azure Pipelines: the legacy issuer `https://vstoken.dev.azure.com/{organizationId}` with subjects
 * `sc://{org}/{project}/{connection}`, or the Entra issuer
 * `https://login.microsoftonline.com/{tenantId}/v2.0` with subjects `/eid1/c/pub/...` (recognised by
 * the subject, since the issuer is Entra's own).
 *
 * @see https://learn.microsoft.com/en-us/azure/devops/pipelines/release/convert-service-connections?view=azure-devops
 */
export const AZURE_PIPELINES_PLATFORM: Platform & { readonly environmentSignal: EnvironmentSignal } = {
  id: "azure-pipelines",
  label: "Azure Pipelines",
  // TF_BUILD: "Set to True if the script is being run by a build task" (MicrosoftDocs/azure-devops-docs
  // docs/pipelines/build/includes/variables-hosted.md, commit 08132ed662ce57276cedc21da6c6337e0907c428,
  // included by docs/pipelines/build/variables.md ms.date 08/07/2024; checked 2026-12-07). A job's
  // SYSTEM_OIDCREQUESTURI, or the idToken an AzureCLI@2 step sets (addSpnToEnvironment: true;
  // microsoft/azure-pipelines-tasks Tasks/AzureCLIV2/azureclitask.ts), shows one too.
  environmentSignal: {
    find: (env) =>
      env.TF_BUILD === "True"
        ? "TF_BUILD"
        : env.SYSTEM_OIDCREQUESTURI
          ? "SYSTEM_OIDCREQUESTURI"
          : env.idToken
            ? "idToken"
            : undefined,
    absent: 'TF_BUILD is not "True" and SYSTEM_OIDCREQUESTURI is not set: this is not an Azure Pipelines job',
  },
  credentialNamePrefix: "azure-pipelines",
  subjectPrefix: /^(sc:\/\/|\/eid1\/c\/pub\/)/,
  // Legacy sc://{org}/{project}/{connection} -> org, project, connection; the Entra subject's
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
