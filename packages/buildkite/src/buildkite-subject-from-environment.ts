import { InvalidInputError } from "@azfed/core";
import { buildkiteSubject } from "./buildkite-subject";

/**
 * The `sub` of this Buildkite job's tokens asked for with `subject_claim: "pipeline_id"` (what
 * {@link buildkite} asks for by default), from `BUILDKITE_PIPELINE_ID`; an {@link InvalidInputError}
 * naming the variable when it is missing or not a UUID.
 *
 * @see https://github.com/buildkite/docs/blob/main/data/content/environment_variables.yaml
 *   (`BUILDKITE_PIPELINE_ID`: "The UUID of the pipeline."; commit 351e18df4 of buildkite/docs, checked 2026-12-07)
 * @example
 * ```ts
 * // In a job of the pipeline d18439cc-df59-45b0-97cc-98d7fb69d983:
 * buildkiteSubjectFromEnvironment(process.env); // "d18439cc-df59-45b0-97cc-98d7fb69d983"
 * ```
 */
export function buildkiteSubjectFromEnvironment(env: NodeJS.ProcessEnv = process.env): string {
  const pipelineId = env.BUILDKITE_PIPELINE_ID;
  if (!pipelineId) {
    throw new InvalidInputError({
      field: "BUILDKITE_PIPELINE_ID",
      value: pipelineId,
      expected: "the pipeline's UUID, which the Buildkite agent sets in every job",
      fix: "run this inside a Buildkite job, or pass the variable through to this process (e.g. into its container)",
    });
  }
  try {
    return buildkiteSubject({ pipelineId });
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    throw new InvalidInputError({
      field: "BUILDKITE_PIPELINE_ID",
      value: pipelineId,
      expected: "the pipeline's UUID in lower case, as the Buildkite agent sets it",
      fix: "do not override BUILDKITE_PIPELINE_ID; the agent sets it",
    });
  }
}
