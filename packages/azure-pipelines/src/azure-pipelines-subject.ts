import { InvalidInputError } from "@azfed/core";
import { requireFicFieldLength, requireSubjectPart } from "@azfed/core/provider";

/**
 * What a legacy-issuer service connection subject is made of.
 *
 * @example
 * ```ts
 * const options: AzurePipelinesSubjectOptions = {
 *   organization: "contoso",
 *   project: "Web Platform",
 *   serviceConnection: "prod-subscription",
 * };
 * ```
 */
export interface AzurePipelinesSubjectOptions {
  /** The organization's name, as in `https://dev.azure.com/{organization}`. */
  readonly organization: string;
  /** The project's name (`System.TeamProject`), spaces and case as they are. */
  readonly project: string;
  /** The service connection's name, as shown in Project settings > Service connections. */
  readonly serviceConnection: string;
}

// Organization names: letters, digits and "-", starting and ending with a letter or digit, at most 50.
const ORGANIZATION = /^(?=.{1,50}$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

/**
 * The subject of a service connection's token under the legacy Azure DevOps issuer:
 * `sc://{organization}/{project}/{serviceConnection}`, names written as Azure DevOps shows them
 * (spaces, case and unicode kept). It pairs with {@link azurePipelinesIssuer}.
 *
 * @example
 * ```ts
 * azurePipelinesSubject({ organization: "contoso", project: "Web Platform", serviceConnection: "prod" });
 * // "sc://contoso/Web Platform/prod"
 * ```
 */
export function azurePipelinesSubject(options: AzurePipelinesSubjectOptions): string {
  if (typeof options !== "object" || options === null) {
    throw new InvalidInputError({
      field: "options",
      value: options,
      expected: "an object { organization, project, serviceConnection }",
      fix: 'call azurePipelinesSubject({ organization: "contoso", project: "web", serviceConnection: "prod" })',
    });
  }
  const organization = requireSubjectPart("organization", options.organization, {
    pattern: ORGANIZATION,
    expected:
      'an organization name (letters, digits and "-", at most 50), as in https://dev.azure.com/{organization}',
    fix: "take it from the job's SYSTEM_COLLECTIONURI, without the https://dev.azure.com/ part",
  });
  const project = requireSubjectPart("project", options.project, {
    pattern: /^[^/\\]+$/,
    expected: "the project's name, which cannot contain / or \\",
    fix: "use the job's SYSTEM_TEAMPROJECT",
  });
  const serviceConnection = requireSubjectPart("serviceConnection", options.serviceConnection, {
    expected: "the service connection's name as Project settings > Service connections shows it",
  });
  return requireFicFieldLength("subject", `sc://${organization}/${project}/${serviceConnection}`);
}
