import type { Command } from "commander";
import type { CommandContext } from "../command-context";
import { examples } from "../help-examples";
import { CLI_PLATFORMS } from "../platforms/all-platforms";
import { pickOptionValues, resolvePlatformValues, withFlagNames } from "../platforms/platform-values";

/**
 * Adds `azfed subject <platform> [flags]`: prints the subject (`sub`) a platform's token will carry
 * for the given repository, project, branch, tag, environment, service connection, namespace,
 * service account or unique id, using the platform package's own builder.
 *
 * @example
 * ```ts
 * registerSubjectCommand(program, context);
 * // azfed subject github --repository contoso/app --branch main
 * // repo:contoso/app:ref:refs/heads/main
 * ```
 */
export function registerSubjectCommand(program: Command, context: CommandContext): void {
  const subject = program
    .command("subject")
    .summary("print the subject a platform's token carries")
    .description(
      "Print the subject (the token's `sub` claim) that a federated identity credential must match, built exactly as the platform builds it. The issuer flags of `azfed fic` (--issuer and the platform's others) are accepted and checked too. Run `azfed subject <platform> --help` for the platform's flags.",
    )
    .addHelpText(
      "after",
      examples(
        CLI_PLATFORMS.map((platform) => platform.subjectExamples[0] ?? `azfed subject ${platform.name}`),
      ),
    );

  for (const platform of CLI_PLATFORMS) {
    const subjectOptions = platform.subjectOptions();
    // The issuer flags `azfed fic` takes too, so a `fic` command line works here as it is: given,
    // they are checked and the subject is the one the FIC would carry (GitHub Enterprise Server,
    // say, has no immutable form).
    const issuerOptions = platform
      .credentialOptions()
      .filter((option) => !subjectOptions.some((each) => each.long === option.long));
    const options = [...subjectOptions, ...issuerOptions];
    const command = subject
      .command(platform.name)
      .aliases([...platform.aliases])
      .summary(`the subject of ${platform.title} tokens`)
      .description(`Print the subject of ${platform.title} tokens for the given flags.`);
    for (const option of options) command.addOption(option);
    command
      .option("--json", "print { platform, subject } as JSON")
      .addHelpText("after", examples(platform.subjectExamples))
      .action(async (parsed: Record<string, unknown>) => {
        const values = await resolvePlatformValues(platform, pickOptionValues(parsed, options), context);
        const withIssuer = issuerOptions.some((option) => values[option.attributeName()] !== undefined);
        const value = withFlagNames(options, values, () =>
          withIssuer
            ? (platform.federatedCredential(values).subject ?? platform.subject(values))
            : platform.subject(values),
        );
        context.print(
          parsed.json ? JSON.stringify({ platform: platform.name, subject: value }, null, 2) : value,
        );
      });
  }
}
