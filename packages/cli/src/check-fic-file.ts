import {
  type FicProblem,
  type FicValidationOptions,
  type FicValidationResult,
  validateFederatedIdentityCredential,
  validateFederatedIdentityCredentials,
} from "@azfed/core";
import { shorten } from "@azfed/core/provider";
import type { FicFile } from "./fic-file";

/**
 * Checks every credential of a FIC file against Entra's rules (core's
 * `validateFederatedIdentityCredential(s)`): as a managed identity's when `managedIdentity` says so
 * or the file itself does (`az identity federated-credential list` output), else as an app
 * registration's. `azfed validate` prints the result; `azfed doctor --fic` checks the file with it
 * before it looks for a platform.
 *
 * @example
 * ```ts
 * const result = checkFicFile(await readFicFile("fics.json", io), { cloud: "usgov" });
 * if (!result.valid) for (const problem of result.errors) console.log(problem.message);
 * ```
 */
export function checkFicFile(
  file: FicFile,
  options: {
    readonly managedIdentity?: boolean | undefined;
    readonly cloud?: FicValidationOptions["cloud"] | undefined;
  } = {},
): FicValidationResult {
  const validationOptions: FicValidationOptions = {
    kind: options.managedIdentity === true || file.managedIdentity ? "managedIdentity" : "application",
    ...(options.cloud === undefined ? {} : { cloud: options.cloud }),
  };
  return file.shape === "single"
    ? validateFederatedIdentityCredential(file.items[0], validationOptions)
    : validateFederatedIdentityCredentials(file.items, validationOptions);
}

/** Values from the file, however long, are shown shortened: a field Entra accepts is at most 600 characters. */
const MAX_SHOWN_VALUE = 200;

/**
 * A problem as `azfed` shows it: field and value from the file shortened to 200 characters, the
 * message to 800, so a hostile file cannot flood the terminal.
 *
 * @example
 * ```ts
 * for (const problem of result.errors.map(shownProblem)) console.log(problem.field, problem.value);
 * ```
 */
export function shownProblem(problem: FicProblem): FicProblem {
  return {
    ...problem,
    field: shorten(problem.field, MAX_SHOWN_VALUE),
    ...(problem.value === undefined ? {} : { value: shorten(problem.value, MAX_SHOWN_VALUE) }),
    message: shorten(problem.message, 4 * MAX_SHOWN_VALUE),
  };
}
