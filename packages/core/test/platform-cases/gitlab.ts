import type { PlatformCases } from "./platform-cases";

/** A job's `id_tokens` token (https://docs.gitlab.com/ci/secrets/id_token_authentication). */
const SUBJECT = "project_path:contoso/platform/api:ref_type:branch:ref:main";

export const GITLAB_CASES: PlatformCases = {
  sample: { issuer: "https://gitlab.com", subject: SUBJECT },
  recognised: [
    ["https://gitlab.com", undefined, "gitlab"],
    ["https://gitlab.contoso.com", undefined, "gitlab"],
    ["https://gitlab.com", "project_id:4242:ref_type:branch:ref:main", "gitlab"],
  ],
  credentialName: { name: "gitlab-contoso-platform-api-branch-main" },
};
