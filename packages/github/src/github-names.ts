import { InvalidInputError } from "@azfed/core";
import { requireSubjectPart } from "@azfed/core/provider";

/**
 * GitHub owner names (users and organisations) are letters, digits and hyphens; managed users of an
 * Enterprise Managed Users enterprise also carry an `_shortcode` suffix.
 */
const OWNER = "[A-Za-z0-9][A-Za-z0-9_-]*";
/** Repository names are letters, digits, `.`, `_` and `-` (but never `.` or `..`). */
const REPOSITORY_NAME = "(?!\\.\\.?$)[A-Za-z0-9._-]+";
const REPOSITORY = new RegExp(`^${OWNER}/${REPOSITORY_NAME}$`);

/** GitHub limits environment names to 255 characters. */
const MAX_ENVIRONMENT_NAME_LENGTH = 255;

/**
 * A repository split into its owner and name.
 *
 * @internal
 */
export interface RepositoryName {
  readonly owner: string;
  readonly name: string;
}

/**
 * Checks a repository given as `owner/repo` and splits it.
 *
 * @internal
 */
export function requireRepository(field: string, value: unknown): RepositoryName {
  const repository = requireSubjectPart(field, value, {
    pattern: REPOSITORY,
    expected:
      'a repository as "owner/repo" (owner: letters, digits, "-" and "_"; repo: letters, digits, ".", "_" and "-")',
    fix: 'write the owner and the repository name separated by one "/", as in github.com/owner/repo, e.g. "contoso/webapp"',
  });
  const slash = repository.indexOf("/");
  return { owner: repository.slice(0, slash), name: repository.slice(slash + 1) };
}

/**
 * Checks a numeric GitHub id (owner id, repository id) given as a string of digits or a safe integer,
 * and returns it as a string.
 *
 * @internal
 */
export function requireNumericId(field: string, value: unknown, where: string): string {
  const text = typeof value === "number" && Number.isSafeInteger(value) ? String(value) : value;
  return requireSubjectPart(field, text, {
    pattern: /^[1-9][0-9]*$/,
    expected: "a positive integer (digits only)",
    fix: `use the numeric id ${where}`,
  });
}

/**
 * Checks an environment name as GitHub accepts it: non-empty, at most 255 characters, no control
 * characters, no surrounding whitespace.
 *
 * @internal
 */
export function requireEnvironmentName(field: string, value: unknown): string {
  const environment = requireSubjectPart(field, value, {
    expected: "a GitHub environment name",
    fix: "pass the name shown under the repository's Settings > Environments",
  });
  if (environment.length > MAX_ENVIRONMENT_NAME_LENGTH) {
    throw new InvalidInputError({
      field,
      value: environment,
      expected: `a GitHub environment name of at most ${MAX_ENVIRONMENT_NAME_LENGTH} characters (this one has ${environment.length})`,
      fix: "use the environment's exact name; GitHub refuses longer ones",
    });
  }
  return environment;
}
