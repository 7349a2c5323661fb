import { InvalidArgumentError, Option } from "commander";

/**
 * A flag whose value is a comma-separated list, e.g. `--claim-keys repo,context,job_workflow_ref`.
 *
 * @example
 * ```ts
 * command.addOption(listOption("--claim-keys <keys>", "ordered include_claim_keys"));
 * ```
 */
export function listOption(flags: string, description: string): Option {
  return new Option(flags, description).argParser((value: string) =>
    value.split(",").map((entry) => entry.trim()),
  );
}

/**
 * A repeatable `--flag key=value` collected into an object, e.g.
 * `--claims job_workflow_ref=contoso/ci/.github/workflows/deploy.yml@refs/heads/main`.
 *
 * @example
 * ```ts
 * command.addOption(keyValueOption("--claims <key=value>", "a claim value; repeat for more"));
 * ```
 */
export function keyValueOption(flags: string, description: string): Option {
  return new Option(flags, description).argParser(
    (value: string, previous: Record<string, string> | undefined) => {
      const separator = value.indexOf("=");
      if (separator <= 0) {
        throw new InvalidArgumentError(
          `expected key=value, e.g. job_workflow_ref=owner/repo/.github/workflows/x.yml@refs/heads/main; got "${value}"`,
        );
      }
      return { ...previous, [value.slice(0, separator)]: value.slice(separator + 1) };
    },
  );
}

/**
 * A pair `--flag` / `--no-flag` for a builder option that may be `true`, `false` or left out.
 *
 * @example
 * ```ts
 * for (const option of booleanPair("--ref-protected", "the ref is protected")) command.addOption(option);
 * ```
 */
export function booleanPair(flag: string, description: string): Option[] {
  const negated = flag.replace(/^--/, "--no-");
  return [new Option(flag, description), new Option(negated, `the opposite of ${flag}`)];
}

/**
 * A flag with a fixed set of values; anything else is a usage error naming the choices.
 *
 * @example
 * ```ts
 * command.addOption(choiceOption("--deployment-tier <tier>", "the environment's tier", ["production", "staging"]));
 * ```
 */
export function choiceOption(flags: string, description: string, choices: readonly string[]): Option {
  return new Option(flags, description).choices(choices);
}
