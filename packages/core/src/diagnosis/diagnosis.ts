import type { FederatedIdentityCredential } from "../fic/federated-identity-credential";

/**
 * An explanation of why Entra refused a token request, in plain words: what happened, the values
 * involved, the likely causes (most likely first) and the steps that fix it, with the federated
 * identity credential to create and the `az` commands when one is missing.
 *
 * @example
 * ```ts
 * const diagnosis: Diagnosis = diagnoseEntraError(context);
 * console.error(formatDiagnosis(diagnosis));
 * ```
 */
export interface Diagnosis {
  /** One sentence: what Entra refused and why. */
  readonly summary: string;
  /** The facts: what Entra said, the issuer, subject and audience presented, times, ids. */
  readonly details: readonly string[];
  /** What probably caused it, most likely first. */
  readonly likelyCauses: readonly string[];
  /** What to do, in order. */
  readonly fix: readonly string[];
  /** The federated identity credential that would make Entra accept this token. */
  readonly suggestedCredential?: FederatedIdentityCredential | undefined;
  /** Shell commands that help: create the credential, list what exists, fetch the issuer's keys. */
  readonly commands?: readonly string[] | undefined;
}

/**
 * Renders a {@link Diagnosis} as multi-line text for an error message or the CLI.
 *
 * @example
 * ```ts
 * try {
 *   await credential.getToken("https://management.azure.com/.default");
 * } catch (error) {
 *   if (error instanceof AuthenticationError && error.diagnosis) console.error(formatDiagnosis(error.diagnosis));
 * }
 * ```
 */
export function formatDiagnosis(diagnosis: Diagnosis): string {
  const lines = [diagnosis.summary];
  for (const detail of diagnosis.details) lines.push(`  ${detail}`);
  if (diagnosis.likelyCauses.length > 0) {
    lines.push("", "Likely causes:");
    for (const cause of diagnosis.likelyCauses) lines.push(`  - ${cause}`);
  }
  if (diagnosis.fix.length > 0) {
    lines.push("", "Fix:");
    diagnosis.fix.forEach((step, index) => {
      lines.push(`  ${index + 1}. ${step}`);
    });
  }
  if (diagnosis.suggestedCredential) {
    lines.push("", "Federated identity credential to create:");
    for (const line of JSON.stringify(diagnosis.suggestedCredential, null, 2).split("\n"))
      lines.push(`  ${line}`);
  }
  if (diagnosis.commands && diagnosis.commands.length > 0) {
    lines.push("", "Commands:");
    for (const command of diagnosis.commands) lines.push(`  ${command}`);
  }
  return lines.join("\n");
}
