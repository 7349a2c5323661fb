import {
  type BuildkiteFederatedCredentialOptions,
  buildkiteFederatedCredential,
  buildkiteSubject,
} from "@azfed/buildkite";
import { definePlatform } from "./define-platform";
import { textFlag } from "./platform-flags";

/**
 * Buildkite for `azfed subject buildkite` and `azfed fic buildkite` (builders from `@azfed/buildkite`):
 * the subject is the pipeline's UUID, what a token asked for with `subject_claim` `pipeline_id` carries.
 *
 * @example
 * ```ts
 * buildkitePlatform.subject({ pipelineId: "d18439cc-df59-45b0-97cc-98d7fb69d983" }); // "d18439cc-df59-45b0-97cc-98d7fb69d983"
 * ```
 */
export const buildkitePlatform = definePlatform<BuildkiteFederatedCredentialOptions>({
  name: "buildkite",
  aliases: ["bk"],
  provider: "buildkite",
  title: "Buildkite",
  subjectFlags: {
    pipelineId: textFlag(
      "<uuid>",
      "the pipeline's UUID (Pipeline Settings > General > Pipeline ID, or BUILDKITE_PIPELINE_ID in a job)",
    ),
  },
  credentialFlags: {
    issuer: textFlag("<url>", "the token issuer (default https://agent.buildkite.com)"),
  },
  subject: buildkiteSubject,
  federatedCredential: buildkiteFederatedCredential,
  flexible: false,
  subjectExamples: ["azfed subject buildkite --pipeline-id d18439cc-df59-45b0-97cc-98d7fb69d983"],
  credentialExamples: [
    "azfed fic buildkite --pipeline-id d18439cc-df59-45b0-97cc-98d7fb69d983 --format az --app 11111111-2222-3333-4444-555555555555",
    "azfed fic buildkite --pipeline-id d18439cc-df59-45b0-97cc-98d7fb69d983 --format bicep --identity deployer",
  ],
});
