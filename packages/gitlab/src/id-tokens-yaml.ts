import { DEFAULT_EXCHANGE_AUDIENCE } from "@azfed/core";

/**
 * The `.gitlab-ci.yml` lines that give a job an ID token for the exchange, shown in error messages.
 *
 * @internal
 */
export function idTokensYaml(variable = "AZURE_ID_TOKEN", audience = DEFAULT_EXCHANGE_AUDIENCE): string {
  return `id_tokens:\n  ${variable}:\n    aud: ${audience}`;
}

/**
 * The same lines on one line, for one-sentence reasons.
 *
 * @internal
 */
export function idTokensYamlInline(
  variable = "AZURE_ID_TOKEN",
  audience = DEFAULT_EXCHANGE_AUDIENCE,
): string {
  return `\`id_tokens: { ${variable}: { aud: ${audience} } }\``;
}
