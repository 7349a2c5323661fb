import { InvalidInputError } from "@azfed/core";
import { isLowerCaseGuid, requireFicFieldLength, requireSubjectPart } from "@azfed/core/provider";

/**
 * The Buildkite pipeline whose jobs present tokens asked for with `subject_claim: "pipeline_id"`.
 *
 * @example
 * ```ts
 * const options: BuildkiteSubjectOptions = { pipelineId: "d18439cc-df59-45b0-97cc-98d7fb69d983" };
 * ```
 */
export interface BuildkiteSubjectOptions {
  /**
   * The pipeline's UUID, in lower case as Buildkite writes it: Pipeline Settings > General >
   * Pipeline ID, `BUILDKITE_PIPELINE_ID` in a job, or the REST API's `id`. Not the pipeline's slug.
   */
  readonly pipelineId: string;
}

/**
 * The `sub` of a Buildkite job's token asked for with `subject_claim: "pipeline_id"` (what
 * {@link buildkite} asks for by default): the pipeline's UUID alone, the same for every build, branch
 * and step of the pipeline. azfed builds no other Buildkite subject: the default compound subject
 * (`organization:…:commit:{sha}:step:…`) changes with every build, and a cluster's, queue's or
 * organisation's UUID is shared by many pipelines under an issuer every Buildkite organisation
 * shares.
 *
 * @see https://github.com/buildkite/docs/blob/main/pages/agent/cli/reference/oidc.md ("If
 *   `--subject-claim` is specified, the subject contains only the value of the specified claim";
 *   commit 7e155915e of buildkite/docs, checked 2026-12-07)
 * @example
 * ```ts
 * buildkiteSubject({ pipelineId: "d18439cc-df59-45b0-97cc-98d7fb69d983" }); // "d18439cc-df59-45b0-97cc-98d7fb69d983"
 * ```
 */
export function buildkiteSubject(options: BuildkiteSubjectOptions): string {
  const pipelineId = requireSubjectPart("pipelineId", options?.pipelineId, {
    expected: "the pipeline's UUID, e.g. d18439cc-df59-45b0-97cc-98d7fb69d983",
    fix: "copy Pipeline ID from Pipeline Settings > General, or BUILDKITE_PIPELINE_ID in a job",
  });
  if (!isLowerCaseGuid(pipelineId)) {
    const lower = pipelineId.toLowerCase();
    throw new InvalidInputError({
      field: "pipelineId",
      value: pipelineId,
      expected: isLowerCaseGuid(lower)
        ? "the UUID in lower case, as Buildkite writes it in the token (subjects match case-sensitively)"
        : "the pipeline's UUID (8-4-4-4-12 hexadecimal digits), not its slug or URL",
      fix: isLowerCaseGuid(lower)
        ? `pass ${lower}`
        : "copy Pipeline ID from Pipeline Settings > General, or BUILDKITE_PIPELINE_ID in a job",
    });
  }
  return requireFicFieldLength("subject", pipelineId);
}
