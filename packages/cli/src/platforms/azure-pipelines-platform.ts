import {
  type AzurePipelinesFederatedCredentialOptions,
  azurePipelinesEntraSubject,
  azurePipelinesFederatedCredential,
  azurePipelinesSubject,
} from "@azfed/identity/azure-pipelines";
import { UsageError } from "../usage-error";
import { definePlatform } from "./define-platform";
import { choiceFlag, textFlag } from "./platform-flags";

type IssuerFormat = AzurePipelinesFederatedCredentialOptions["format"];

// The builder's options and `--issuer-format`, which becomes its `format` (`--format` is the output's).
type AzurePipelinesCliOptions = AzurePipelinesFederatedCredentialOptions & {
  readonly issuerFormat?: IssuerFormat | undefined;
};

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
export const azurePipelinesPlatform = definePlatform<AzurePipelinesCliOptions>({
  name: "azure-pipelines",
  aliases: ["azure-devops", "ado"],
  provider: "azure-pipelines",
  title: "Azure Pipelines",
  subjectFlags: {
    organization: textFlag(
      "<name>",
      "legacy format: the organization, as in https://dev.azure.com/{organization}",
    ),
    project: textFlag("<name>", "legacy format: the project"),
    serviceConnection: textFlag("<name>", "legacy format: the service connection's name"),
    tenantId: textFlag("<guid>", "Entra format: the tenant of the identity the service connection uses"),
    organizationId: textFlag(
      "<guid>",
      "the organization's id (SYSTEM_COLLECTIONID); the legacy issuer needs it too",
    ),
    serviceConnectionId: textFlag("<guid>", "Entra format: the service connection's id"),
    issuerFormat: choiceFlag("<format>", "the issuer format (default: what the flags given imply)", [
      "entra",
      "legacy",
    ]),
  },
  credentialFlags: {
    issuer: textFlag(
      "<url>",
      "the issuer exactly as the service connection shows it (default built from the flags)",
    ),
  },
  resolveValues: async ({ issuerFormat: _flag, ...values }) => {
    const format = issuerFormat(_flag, values);
    return { values: { ...values, format }, notes: [] };
  },
  subject: (options) =>
    options.format === "entra" ? azurePipelinesEntraSubject(options) : azurePipelinesSubject(options),
  federatedCredential: azurePipelinesFederatedCredential,
  flexible: false,
  subjectExamples: [
    "azfed subject azure-pipelines --organization contoso --project web --service-connection prod-arm",
    "azfed subject azure-pipelines --tenant-id <tenant-guid> --organization-id <organization-guid> --service-connection-id <connection-guid>",
  ],
  credentialExamples: [
    "azfed fic azure-pipelines --tenant-id <tenant-guid> --organization-id <organization-guid> --service-connection-id <connection-guid> --format az --app <client-id>",
    "azfed fic azure-pipelines --organization contoso --project web --service-connection prod-arm --organization-id <organization-guid> --format terraform",
  ],
});

function issuerFormat(explicit: IssuerFormat | undefined, values: object): IssuerFormat {
  if (explicit !== undefined) return explicit;
  const given = new Set(Object.entries(values).flatMap(([key, value]) => (value === undefined ? [] : [key])));
  const entra = ENTRA_FIELDS.filter((field) => given.has(field));
  const legacy = LEGACY_FIELDS.filter((field) => given.has(field));
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
