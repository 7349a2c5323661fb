import { type EntraCloud, type FicProblem, type FicValidationResult, KNOWN_CLOUDS } from "@azfed/core";
import { type Command, Option } from "commander";
import { checkFicFile, shownProblem } from "../check-fic-file";
import type { CommandContext } from "../command-context";
import { ExitCode, type ExitCodeValue } from "../exit-code";
import { readFicFile } from "../fic-file";
import { examples } from "../help-examples";
import { jsonReport, PROBLEM_FOUND } from "../json-error";

interface ValidateOptions {
  readonly managedIdentity?: boolean | undefined;
  readonly cloud?: EntraCloud["name"] | undefined;
  readonly json?: boolean | undefined;
}

/**
 * Adds `azfed validate <file>`: checks one FIC or a list against every Entra rule (core's
 * `validateFederatedIdentityCredential(s)`), prints every problem with its field, value and rule,
 * and exits 1 when there is an error (warnings alone exit 0).
 *
 * @example
 * ```ts
 * registerValidateCommand(program, context);
 * // azfed validate fics.json
 * ```
 */
export function registerValidateCommand(program: Command, context: CommandContext): void {
  program
    .command("validate")
    .summary("check federated identity credentials against Entra's rules")
    .description(
      "Check one federated identity credential or a list of them (a JSON array, Microsoft Graph's { value: [...] }, or the output of `az ad app federated-credential list` / `az identity federated-credential list`) against the rules Entra enforces, and warn about likely mistakes. Every problem is printed with its field, value and rule. Exits 1 when there is an error; warnings alone exit 0.",
    )
    .argument("<file>", "JSON file with one FIC or a list; - reads stdin")
    .option(
      "--managed-identity",
      "the credentials belong to a user-assigned managed identity (no flexible FICs); detected from az identity output",
    )
    .addOption(
      new Option(
        "--cloud <cloud>",
        "the identity's cloud: a managed identity's FIC is checked against its exchange audience; an external issuer's may carry the cloud's own audience or api://AzureADTokenExchange",
      ).choices(Object.keys(KNOWN_CLOUDS)),
    )
    .option("--json", "print { source, count, valid, errors, warnings } as JSON")
    .addHelpText(
      "after",
      examples([
        "azfed validate fic.json",
        "az ad app federated-credential list --id $APP_ID | azfed validate -",
        "az identity federated-credential list --identity-name deployer --resource-group rg-app > fics.json && azfed validate fics.json",
        "azfed validate fics.json --cloud usgov --json",
      ]),
    )
    .action(async (file: string, options: ValidateOptions) => {
      context.exitCode = await validate(file, options, context);
    });
}

async function validate(
  file: string,
  options: ValidateOptions,
  context: CommandContext,
): Promise<ExitCodeValue> {
  const ficFile = await readFicFile(file, context.io);
  const result = checkFicFile(ficFile, {
    ...(options.managedIdentity === true ? { managedIdentity: true } : {}),
    ...(options.cloud === undefined ? {} : { cloud: options.cloud }),
  });

  if (options.json) {
    const errors = result.errors.map(shownProblem);
    context.print(
      jsonReport(
        {
          source: ficFile.source,
          count: ficFile.items.length,
          valid: result.valid,
          errors,
          warnings: result.warnings.map(shownProblem),
        },
        result.valid
          ? undefined
          : {
              type: PROBLEM_FOUND,
              message: `Entra would refuse ${ficFile.source} as written: ${errors.map((error) => error.message).join("; ")}`,
              exitCode: ExitCode.problemFound,
            },
      ),
    );
  } else {
    printReport(ficFile.source, ficFile.items.length, ficFile.shape, result, context);
  }
  return result.valid ? ExitCode.success : ExitCode.problemFound;
}

function printReport(
  source: string,
  count: number,
  shape: "single" | "list",
  result: FicValidationResult,
  context: CommandContext,
): void {
  const { out } = context;
  const what = shape === "single" ? "1 credential" : `${count} credential${count === 1 ? "" : "s"}`;
  context.print(`${out.bold(source)}: ${what}`);
  for (const problem of result.errors) printProblem("error", problem, context);
  for (const problem of result.warnings) printProblem("warning", problem, context);
  const errors = plural(result.errors.length, "error");
  const warnings = plural(result.warnings.length, "warning");
  if (!result.valid) {
    context.print(
      out.red(`${errors}, ${warnings}: Entra would refuse ${shape === "single" ? "it" : "them"} as written.`),
    );
  } else if (result.warnings.length > 0) {
    context.print(
      out.yellow(
        `valid, with ${warnings}: check ${result.warnings.length === 1 ? "it" : "them"} before relying on ${shape === "single" ? "it" : "them"}.`,
      ),
    );
  } else {
    context.print(out.green("valid: no problems found."));
  }
}

function printProblem(severity: "error" | "warning", problem: FicProblem, context: CommandContext): void {
  const { out } = context;
  const label = severity === "error" ? out.red("error  ") : out.yellow("warning");
  const shown = shownProblem(problem);
  context.print(`  ${label} ${out.bold(shown.field || "(document)")}  ${out.dim(`rule: ${problem.rule}`)}`);
  context.print(`          value: ${showValue(shown.value)}`);
  context.print(`          ${shown.message}`);
}

/** Shows a value as it is, quoted when whitespace or control characters would otherwise hide. */
function showValue(value: string | undefined): string {
  if (value === undefined) return "(missing)";
  return value === "" || /^\s|\s$|\p{Cc}/u.test(value) ? JSON.stringify(value) : value;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
