import { requireFicFieldLength, requireSubjectPart } from "@azfed/core/provider";

/**
 * The Google service account whose identity tokens a workload presents.
 *
 * @example
 * ```ts
 * const options: GcpSubjectOptions = { uniqueId: "113562183298765432101" };
 * ```
 */
export interface GcpSubjectOptions {
  /**
   * The service account's numeric unique ID (typically 21 digits), not its email:
   * `gcloud iam service-accounts describe <email> --format="value(uniqueId)"`.
   */
  readonly uniqueId: string;
}

const DIGITS = /^[0-9]+$/;

/**
 * The `sub` of a Google service account's identity tokens: its numeric unique ID, checked to be
 * digits only (an email or a project number in its place is an `InvalidInputError` saying where to
 * find the ID).
 *
 * @example
 * ```ts
 * gcpSubject({ uniqueId: "113562183298765432101" }); // "113562183298765432101"
 * ```
 */
export function gcpSubject(options: GcpSubjectOptions): string {
  const uniqueId = requireSubjectPart("uniqueId", options?.uniqueId, {
    pattern: DIGITS,
    expected: "the service account's numeric unique ID (digits only, typically 21 of them), not its email",
    fix: 'run gcloud iam service-accounts describe <email> --format="value(uniqueId)", or read "Unique ID" on the service account\'s page in the Google Cloud console',
  });
  return requireFicFieldLength("subject", uniqueId);
}
