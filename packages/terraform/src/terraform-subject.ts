import { InvalidInputError } from "@azfed/core";
import { requireFicFieldLength, requireSubjectPart } from "@azfed/core/provider";

/**
 * The parts of a workspace run's subject: HCP Terraform writes
 * `organization:{organization}:project:{project}:workspace:{workspace}:run_phase:{plan|apply}`.
 *
 * @example
 * ```ts
 * const options: TerraformSubjectOptions = {
 *   organization: "contoso",
 *   project: "Default Project",
 *   workspace: "networking-prod",
 *   runPhase: "apply",
 * };
 * ```
 */
export interface TerraformSubjectOptions {
  /** The organization's name (`terraform_organization_name`). */
  readonly organization: string;
  /** The project's name (`terraform_project_name`); a workspace outside any project is in `Default Project`. */
  readonly project: string;
  /** The workspace's name (`terraform_workspace_name`). */
  readonly workspace: string;
  /** The run phase the token is for: `plan` or `apply` (each needs its own fixed credential). */
  readonly runPhase: TerraformRunPhase;
}

/**
 * A run phase: HCP Terraform issues a token for the plan and another for the apply.
 *
 * @example
 * ```ts
 * const phases: TerraformRunPhase[] = ["plan", "apply"];
 * ```
 */
export type TerraformRunPhase = "plan" | "apply";

/**
 * Both run phases, in the order a run goes through them.
 *
 * @example
 * ```ts
 * TERRAFORM_RUN_PHASES.map((runPhase) => terraformSubject({ ...workspace, runPhase }));
 * ```
 */
export const TERRAFORM_RUN_PHASES: readonly TerraformRunPhase[] = ["plan", "apply"];

/**
 * The `sub` of HCP Terraform's workload identity token for a workspace run. Names are kept as
 * written (Entra compares subjects case-sensitively; a project name may hold spaces, as
 * `Default Project`); a `:` would shift the subject's fields and is refused.
 *
 * @see https://github.com/hashicorp/web-unified-docs/blob/main/content/terraform-docs-common/docs/cloud-docs/dynamic-provider-credentials/workload-identity-tokens.mdx
 *   (version: commit 3354758ba55db6681891fca77a947061cac1bc66 of hashicorp/web-unified-docs; checked
 *   2026-12-07: `"sub": "organization:my-org:project:Default Project:workspace:my-workspace:run_phase:apply"`)
 *
 * @throws `InvalidInputError` (from `@azfed/core`) naming the field for an empty part, one with a `:`, surrounding
 *   whitespace or control characters, or a run phase other than `plan` or `apply`.
 * @example
 * ```ts
 * terraformSubject({ organization: "contoso", project: "Default Project", workspace: "networking-prod", runPhase: "plan" });
 * // "organization:contoso:project:Default Project:workspace:networking-prod:run_phase:plan"
 * ```
 */
export function terraformSubject(options: TerraformSubjectOptions): string {
  const organization = subjectName("organization", options.organization, "the organization's name");
  const project = subjectName(
    "project",
    options.project,
    'the project\'s name (the default project is "Default Project")',
  );
  const workspace = subjectName("workspace", options.workspace, "the workspace's name");
  const runPhase = options.runPhase;
  if (!TERRAFORM_RUN_PHASES.includes(runPhase)) {
    throw new InvalidInputError({
      field: "runPhase",
      value: runPhase,
      expected: '"plan" or "apply" (HCP Terraform issues one token per run phase)',
      fix: "create one credential per phase (terraformFederatedCredentials), or one flexible credential for both",
    });
  }
  return requireFicFieldLength(
    "subject",
    `organization:${organization}:project:${project}:workspace:${workspace}:run_phase:${runPhase}`,
  );
}

/** One name of the subject: non-empty, exact, no `:` (HCP Terraform's names never hold one). */
export function subjectName(field: string, value: unknown, expected: string): string {
  return requireSubjectPart(field, value, {
    pattern: /^[^:]+$/,
    expected: `${expected}, without ":"`,
    fix: `copy the terraform_${field}_name claim of a token, or the name HCP Terraform shows`,
  });
}
