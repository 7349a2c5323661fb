const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quotes a value for a POSIX shell (bash, zsh, sh): bare when it only holds characters the shell
 * leaves alone, otherwise in single quotes with each `'` written `'\''`.
 *
 * @example
 * ```ts
 * shellQuote("repo:contoso/app:ref:refs/heads/main"); // repo:contoso/app:ref:refs/heads/main
 * shellQuote(`{"name":"it's"}`); // '{"name":"it'\''s"}'
 * ```
 */
export function shellQuote(value: string): string {
  if (SHELL_SAFE.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * A Terraform (HCL) quoted string: `\`, `"` and control characters escaped, and the template
 * sequences `${` and `%{` doubled so they stay literal.
 *
 * @example
 * ```ts
 * hclString('repo:contoso/app:environment:prod'); // "repo:contoso/app:environment:prod"
 * hclString("a${b}"); // "a$${b}"
 * ```
 */
export function hclString(value: string): string {
  const escaped = value
    .replaceAll("\\", "\\\\")
    .replaceAll('"', '\\"')
    .replaceAll("\n", "\\n")
    .replaceAll("\r", "\\r")
    .replaceAll("\t", "\\t")
    .replaceAll("${", "$${")
    .replaceAll("%{", "%%{");
  return `"${escaped}"`;
}

/**
 * A Bicep single-quoted string: `\`, `'`, line breaks, tabs and the interpolation opener `${` escaped.
 *
 * @example
 * ```ts
 * bicepString("system:serviceaccount:apps:api"); // 'system:serviceaccount:apps:api'
 * bicepString("it's ${x}"); // 'it\'s \${x}'
 * ```
 */
export function bicepString(value: string): string {
  const escaped = value
    .replaceAll("\\", "\\\\")
    .replaceAll("'", "\\'")
    .replaceAll("\n", "\\n")
    .replaceAll("\r", "\\r")
    .replaceAll("\t", "\\t")
    .replaceAll("${", "\\${");
  return `'${escaped}'`;
}
