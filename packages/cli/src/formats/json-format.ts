import type { FederatedIdentityCredential } from "@azfed/core";

/**
 * The FIC as the JSON object Microsoft Graph, `az ad app federated-credential create --parameters`
 * and the portal's fields use: `name`, `issuer`, `subject` or `claimsMatchingExpression`,
 * `audiences`, `description`, in that order and without empty fields.
 *
 * @example
 * ```ts
 * ficBody(githubFederatedCredential({ repository: "contoso/app", branch: "main" }));
 * // { name: "github-contoso-app-main", issuer: "https://token.actions.githubusercontent.com", ... }
 * ```
 */
export function ficBody(fic: FederatedIdentityCredential): Record<string, unknown> {
  const body: Record<string, unknown> = { name: fic.name, issuer: fic.issuer };
  if (fic.subject !== undefined) body.subject = fic.subject;
  if (fic.claimsMatchingExpression !== undefined) {
    body.claimsMatchingExpression = {
      value: fic.claimsMatchingExpression.value,
      languageVersion: fic.claimsMatchingExpression.languageVersion,
    };
  }
  body.audiences = [...fic.audiences];
  if (fic.description !== undefined && fic.description !== "") body.description = fic.description;
  return body;
}

/**
 * `azfed fic --format json`: the FIC as indented JSON, ready for `--parameters @fic.json`.
 *
 * @example
 * ```ts
 * process.stdout.write(renderJson(fic));
 * ```
 */
export function renderJson(fic: FederatedIdentityCredential): string {
  return `${JSON.stringify(ficBody(fic), null, 2)}\n`;
}
