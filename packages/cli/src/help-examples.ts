/**
 * The "Examples:" block appended to a command's `--help`.
 *
 * @example
 * ```ts
 * command.addHelpText("after", examples(["azfed subject github --repository contoso/app --branch main"]));
 * ```
 */
export function examples(commandLines: readonly string[]): string {
  return `\nExamples:\n${commandLines.map((line) => `  $ ${line}`).join("\n")}\n`;
}
