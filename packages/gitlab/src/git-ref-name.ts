import { InvalidInputError, requireSubjectPart } from "@azfed/core";

/**
 * Checks a branch or tag name against git's rules for ref names (`git check-ref-format`), which
 * GitLab enforces, and returns it unchanged. A name git refuses can never appear in a GitLab token,
 * so a subject built from it could never match.
 *
 * @internal
 */
export function requireGitRefName(field: "branch" | "tag", value: unknown): string {
  const name = requireSubjectPart(field, value, {
    expected: `a ${field} name as git accepts it, e.g. ${field === "branch" ? '"main" or "release/1.2"' : '"v1.2.0"'}`,
  });
  const fullRef = field === "branch" ? "refs/heads/" : "refs/tags/";
  if (name.startsWith("refs/")) {
    throw new InvalidInputError({
      field,
      value: name,
      expected: `the short ${field} name: GitLab's ref claim has no "${fullRef}" prefix`,
      fix: `pass "${name.replace(/^refs\/(heads|tags)\//, "")}"`,
    });
  }
  const problem = gitRefNameProblem(name);
  if (problem) {
    throw new InvalidInputError({
      field,
      value: name,
      expected: `a ${field} name git accepts (${problem})`,
      fix: `use the ${field} name exactly as \`git ${field === "branch" ? "branch" : "tag"} --list\` shows it`,
    });
  }
  return name;
}

/** What makes `name` an invalid git ref name, or `undefined` when git accepts it. */
function gitRefNameProblem(name: string): string | undefined {
  const forbidden = /[ ~^:?*[\\\u007f]/u.exec(name);
  if (forbidden) return `it may not contain ${JSON.stringify(forbidden[0])}`;
  if (name === "@") return 'it may not be "@" alone';
  if (name.includes("..")) return 'it may not contain ".."';
  if (name.includes("@{")) return 'it may not contain "@{"';
  if (name.startsWith("/") || name.endsWith("/") || name.includes("//")) {
    return "it may not start or end with a slash or contain two slashes in a row";
  }
  if (name.endsWith(".")) return 'it may not end with "."';
  for (const component of name.split("/")) {
    if (component.startsWith(".")) return 'no part between slashes may start with "."';
    if (component.endsWith(".lock")) return 'no part between slashes may end with ".lock"';
  }
  return undefined;
}
