/**
 * GitHub writes every `:` inside a value of the subject (an environment name, a claim value) as
 * `%3A`, so the colons left in a subject are the separators between its parts. Nothing else is
 * escaped: a `%` stays a `%`.
 *
 * @internal
 */
export function escapeSubjectValue(value: string): string {
  return value.replaceAll(":", "%3A");
}
