import {
  type AzurePipelinesEntraSubjectOptions,
  type AzurePipelinesFederatedCredentialOptions,
  type AzurePipelinesSubjectOptions,
  azurePipelinesEntraSubject,
  azurePipelinesFederatedCredential,
  azurePipelinesSubject,
} from "@azfed/identity";
import { Option } from "commander";
import { UsageError } from "../usage-error";
import type { CliPlatform, PlatformOptionValues } from "./cli-platform";

type IssuerFormat = "entra" | "legacy";

const ENTRA_FIELDS = ["tenantId", "serviceConnectionId"] as const;
const LEGACY_FIELDS = ["organization", "project", "serviceConnection"] as const;

/**
 * Azure Pipelines for `azfed subject azure-pipelines` and `azfed fic azure-pipelines` (builders from
 * `@azfed/azure-pipelines`), in both issuer formats: the Entra issuer
 * (`/eid1/c/pub/t/…/sc/{organizationId}/{serviceConnectionId}`, the default for new service
 * connections) and the legacy one (`sc://{organization}/{project}/{serviceConnection}`). Both commands
 * choose it with `--issuer-format` (`--format` is always the output format); without it, it follows
 * from the flags given.
 *
 * @example
 * ```ts
 * azurePipelinesPlatform.subject({ organization: "contoso", project: "web", serviceConnection: "prod" });
 * // "sc://contoso/web/prod"
 * ```
 */
export const azurePipelinesPlatform: CliPlatform = {
  name: "azure-pipelines",
  aliases: ["azure-devops", "ado"],
  provider: "azure-pipelines",
  title: "Azure Pipelines",
  subjectOptions: () => [
    new Option(
      "--organization <name>",
      "legacy format: the organization, as in https://dev.azure.com/{organization}",
    ),
    new Option("--project <name>", "legacy format: the project"),
    new Option("--service-connection <name>", "legacy format: the service connection's name"),
    new Option("--tenant-id <guid>", "Entra format: the tenant of the identity the service connection uses"),
    new Option(
      "--organization-id <guid>",
      "the organization's id (SYSTEM_COLLECTIONID); the legacy issuer needs it too",
    ),
    new Option("--service-connection-id <guid>", "Entra format: the service connection's id"),
    new Option("--issuer-format <format>", "the issuer format (default: what the flags given imply)").choices(
      ["entra", "legacy"],
    ),
  ],
  credentialOptions: () => [
    new Option(
      "--issuer <url>",
      "the issuer exactly as the service connection shows it (default built from the flags)",
    ),
  ],
  subject: (values) => {
    const { issuerFormat: _flag, ...rest } = values;
    return issuerFormat(values) === "entra"
      ? azurePipelinesEntraSubject(rest as unknown as AzurePipelinesEntraSubjectOptions)
      : azurePipelinesSubject(rest as unknown as AzurePipelinesSubjectOptions);
  },
  federatedCredential: (values) => {
    const { issuerFormat: _flag, ...rest } = values;
    return azurePipelinesFederatedCredential({
      ...rest,
      format: issuerFormat(values),
    } as unknown as AzurePipelinesFederatedCredentialOptions);
  },
  flexible: false,
  subjectExamples: [
    "azfed subject azure-pipelines --organization contoso --project web --service-connection prod-arm",
    "azfed subject azure-pipelines --tenant-id <tenant-guid> --organization-id <organization-guid> --service-connection-id <connection-guid>",
  ],
  credentialExamples: [
    "azfed fic azure-pipelines --tenant-id <tenant-guid> --organization-id <organization-guid> --service-connection-id <connection-guid> --format az --app <client-id>",
    "azfed fic azure-pipelines --organization contoso --project web --service-connection prod-arm --organization-id <organization-guid> --format terraform",
  ],
};

function issuerFormat(values: PlatformOptionValues): IssuerFormat {
  const explicit = values.issuerFormat;
  if (explicit === "entra" || explicit === "legacy") return explicit;
  const entra = ENTRA_FIELDS.filter((field) => values[field] !== undefined);
  const legacy = LEGACY_FIELDS.filter((field) => values[field] !== undefined);
  if (entra.length > 0 && legacy.length > 0) {
    throw new UsageError(
      `the flags mix the Entra issuer format (${entra.map(kebab).join(", ")}) and the legacy one (${legacy.map(kebab).join(", ")}); pass --issuer-format entra or --issuer-format legacy, with that format's flags`,
    );
  }
  // Neither: the Entra format, the default for new service connections (its builder names what is missing).
  return legacy.length > 0 ? "legacy" : "entra";
}

function kebab(field: string): string {
  return `--${field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}
