import { InvalidInputError } from "@azfed/core";
import { requireFicFieldLength, requireSubjectPart } from "@azfed/core/provider";

/**
 * The run types Spacelift writes in `runType` and the subject, in capitals.
 *
 * @see https://github.com/spacelift-io/user-documentation/blob/6e9746fefd4ef10fc7c4b68567356a98d3c07c56/docs/integrations/cloud-providers/oidc/README.md
 *   (commit 6e9746fefd4ef10fc7c4b68567356a98d3c07c56 of spacelift-io/user-documentation, checked 2026-12-07: "Custom claims", `runType`)
 *
 * @example
 * ```ts
 * const runType: SpaceliftRunType = "TRACKED";
 * ```
 */
export type SpaceliftRunType = "PROPOSED" | "TRACKED" | "TASK" | "TESTING" | "DESTROY";

const RUN_TYPES: readonly SpaceliftRunType[] = ["PROPOSED", "TRACKED", "TASK", "TESTING", "DESTROY"];
/** A slug between the subject's `:` separators: no `:` and no whitespace. */
const SLUG = /^[^\s:]+$/;

/**
 * What {@link spaceliftSubject} needs: the space, the stack or the module, the run type and the
 * token's scope.
 *
 * @example
 * ```ts
 * const options: SpaceliftSubjectOptions = {
 *   spaceId: "legacy-01KJMM56VS4W3AL9YZWVCXBX8D",
 *   stack: "azure-oidc-test",
 *   runType: "TRACKED",
 *   scope: "write",
 * };
 * ```
 */
export interface SpaceliftSubjectOptions {
  /** The space's ID (its slug, e.g. `root` or `legacy-01KJMM56VS4W3AL9YZWVCXBX8D`): the token's `spaceId`. */
  readonly spaceId: string;
  /** The stack's ID (its slug): the token's `callerId` when `callerType` is `stack`. */
  readonly stack?: string | undefined;
  /** The module's ID, for a module's runs (`callerType` `module`), instead of `stack`. */
  readonly module?: string | undefined;
  /** The run type: `PROPOSED`, `TRACKED`, `TASK`, `TESTING` or `DESTROY`. */
  readonly runType: SpaceliftRunType;
  /**
   * The token's scope: `read` for proposed runs (and a tracked run's planning when the stack does
   * not autodeploy), `write` for tracked, testing and destroy runs and tasks.
   */
  readonly scope: "read" | "write";
}

/**
 * The subject of a Spacelift run's OIDC token with the default subject template:
 * `space:{spaceId}:{stack|module}:{id}:run_type:{runType}:scope:{scope}`. Entra matches subjects
 * exactly (no wildcards), so a stack needs one credential for each run type and scope it uses; an
 * account with its own subject template (Organization settings, Security, OIDC subject template)
 * must copy the `sub` of a token instead.
 *
 * @see https://github.com/spacelift-io/user-documentation/blob/6e9746fefd4ef10fc7c4b68567356a98d3c07c56/docs/integrations/cloud-providers/oidc/README.md
 *   (commit 6e9746fefd4ef10fc7c4b68567356a98d3c07c56 of spacelift-io/user-documentation, checked 2026-12-07: "Standard claims", `sub`)
 *
 * @example
 * ```ts
 * spaceliftSubject({ spaceId: "root", stack: "infra", runType: "TRACKED", scope: "write" });
 * // "space:root:stack:infra:run_type:TRACKED:scope:write"
 * ```
 */
export function spaceliftSubject(options: SpaceliftSubjectOptions): string {
  const spaceId = slug("spaceId", options?.spaceId, "the space's ID (its slug), the token's spaceId claim");
  if ((options.stack === undefined) === (options.module === undefined)) {
    throw new InvalidInputError({
      field: "stack",
      value: { stack: options.stack, module: options.module },
      expected: "exactly one of stack and module: the run's owner (the token's callerType and callerId)",
      fix: "pass stack for a stack's runs, or module for a module's test runs",
    });
  }
  const callerType = options.stack !== undefined ? "stack" : "module";
  const callerId = slug(callerType, options.stack ?? options.module, `the ${callerType}'s ID (its slug)`);
  if (!RUN_TYPES.includes(options.runType)) {
    throw new InvalidInputError({
      field: "runType",
      value: options.runType,
      expected: `one of ${RUN_TYPES.join(", ")} (in capitals, as the token's runType claim)`,
      fix: "pass the run type of the runs that use this credential",
    });
  }
  if (options.scope !== "read" && options.scope !== "write") {
    throw new InvalidInputError({
      field: "scope",
      value: options.scope,
      expected: "read or write (the token's scope claim)",
      fix: "pass read for proposed runs, write for tracked runs, tasks, testing and destroy runs",
    });
  }
  return requireFicFieldLength(
    "subject",
    `space:${spaceId}:${callerType}:${callerId}:run_type:${options.runType}:scope:${options.scope}`,
  );
}

function slug(field: string, value: unknown, expected: string): string {
  return requireSubjectPart(field, value, {
    pattern: SLUG,
    expected: `${expected}, without ":" or whitespace`,
    fix: `copy the ${field === "spaceId" ? "space" : field}'s ID from Spacelift (the ID, not the display name)`,
  });
}
