import { InvalidInputError } from "../errors/invalid-input-error";
import { requireSubjectPart } from "./subject-part";

/**
 * git's rules for a ref name, one per line of `git check-ref-format`'s list (the "at least one /"
 * rule is left out: a branch or tag is checked without its `refs/heads/` or `refs/tags/`).
 *
 * @see https://github.com/git/git/blob/master/Documentation/git-check-ref-format.adoc (read at b1ac1eb, 2026-12-07): rule 4 forbids "ASCII control characters (i.e. bytes whose values are lower than \040, or \177 DEL)"
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: git's rule 4 forbids exactly these bytes
const FORBIDDEN_CHARACTER = /[\u0000-\u001f\u007f ~^:?*[\\]/;

const GIT_REF_RULES: readonly { readonly broken: (name: string) => boolean; readonly what: string }[] = [
  {
    broken: (name) => name.split("/").some((part) => part.startsWith(".") || part.endsWith(".lock")),
    what: 'no part between slashes may start with "." or end with ".lock"',
  },
  { broken: (name) => name.includes(".."), what: 'it may not contain ".."' },
  {
    broken: (name) => name.startsWith("/") || name.endsWith("/") || name.includes("//"),
    what: "it may not start or end with a slash or contain two slashes in a row",
  },
  { broken: (name) => name.endsWith("."), what: 'it may not end with "."' },
  { broken: (name) => name.includes("@{"), what: 'it may not contain "@{"' },
  { broken: (name) => name === "@", what: 'it may not be "@" alone' },
];

/**
 * What makes `name` a branch or tag name git refuses (`git check-ref-format`), or `undefined` when git
 * accepts it. A name git refuses can never appear in a platform's token.
 *
 * @see https://github.com/git/git/blob/master/Documentation/git-check-ref-format.adoc (read at b1ac1eb, 2026-12-07)
 *
 * @example
 * ```ts
 * gitRefNameProblem("release/1.2"); // undefined
 * gitRefNameProblem("feature:x"); // 'it may not contain ":"'
 * ```
 */
export function gitRefNameProblem(name: string): string | undefined {
  const forbidden = FORBIDDEN_CHARACTER.exec(name)?.[0];
  if (forbidden !== undefined) {
    const code = forbidden.charCodeAt(0);
    const shown = code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, "0")}` : forbidden;
    return `it may not contain "${shown}"`;
  }
  return GIT_REF_RULES.find((rule) => rule.broken(name))?.what;
}

/**
 * Checks a branch or tag name given to a subject builder, without `refs/heads/` or `refs/tags/`,
 * against git's rules (the one copy GitHub's and GitLab's builders share) and returns it unchanged;
 * anything else is an {@link InvalidInputError} on `field`.
 *
 * @example
 * ```ts
 * requireGitRefName("branch", "release/1.2"); // "release/1.2"
 * requireGitRefName("branch", "refs/heads/main"); // throws: expected the short branch name ... Fix: pass "main"
 * ```
 */
export function requireGitRefName(field: "branch" | "tag", value: unknown): string {
  const prefix = field === "branch" ? "refs/heads/" : "refs/tags/";
  const name = requireSubjectPart(field, value, {
    expected: `a git ${field} name, e.g. ${field === "branch" ? '"main" or "release/1.2"' : '"v1.2.0"'}`,
    fix: `pass the ${field} name as \`git ${field} --list\` shows it`,
  });
  if (name.startsWith("refs/")) {
    throw new InvalidInputError({
      field,
      value: name,
      expected: `the short ${field} name, without the "${prefix}" prefix`,
      fix: `pass "${name.startsWith(prefix) ? name.slice(prefix.length) : name.replace(/^refs\/[^/]*\/?/, "")}"`,
    });
  }
  const problem = gitRefNameProblem(name);
  if (problem !== undefined) {
    throw new InvalidInputError({
      field,
      value: name,
      expected: `a ${field} name git accepts (${problem}; git check-ref-format)`,
      fix: `use the ${field} name exactly as \`git ${field} --list\` shows it; git cannot create this one, so no job runs on it`,
    });
  }
  return name;
}
