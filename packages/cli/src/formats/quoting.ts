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
