import { InvalidArgumentError, Option } from "commander";

/**
 * One flag of a platform, as {@link definePlatform} takes it: the commander option it becomes (its long
 * name is the builder option's name in kebab-case, given by `definePlatform`) and how its parsed value
 * reads back as the option's type. The type parameter is what the builder gets, so the compiler checks
 * a flag against the option it fills.
 *
 * @example
 * ```ts
 * const repository: PlatformFlag<string> = textFlag("<owner/repo>", "the repository, e.g. contoso/app");
 * repository.option("--repository").flags; // "--repository <owner/repo>"
 * repository.read("contoso/app"); // "contoso/app"
 * ```
 */
export interface PlatformFlag<Value> {
  /** The commander option, given its long name (e.g. `--pull-request`). */
  option(long: string): Option;
  /** The value commander parsed, as the builder option's type; `undefined` when the flag was not given. */
  read(parsed: unknown): Value | undefined;
}

/**
 * A flag with a text value, e.g. `--repository <owner/repo>`.
 *
 * @example
 * ```ts
 * const flags = { repository: textFlag("<owner/repo>", "the repository, e.g. contoso/app") };
 * ```
 */
export function textFlag(placeholder: string, description: string): PlatformFlag<string> {
  return {
    option: (long) => new Option(`${long} ${placeholder}`, description),
    read: (parsed) => (typeof parsed === "string" ? parsed : undefined),
  };
}

/**
 * A flag without a value that sets a boolean option, e.g. `--pull-request`.
 *
 * @example
 * ```ts
 * const flags = { pullRequest: switchFlag("jobs of pull_request workflows") };
 * ```
 */
export function switchFlag(description: string): PlatformFlag<boolean> {
  return {
    option: (long) => new Option(long, description),
    read: (parsed) => (typeof parsed === "boolean" ? parsed : undefined),
  };
}

/**
 * A flag with one of a fixed set of values; anything else is a usage error naming the choices.
 *
 * @example
 * ```ts
 * const flags = { cloud: choiceFlag("<cloud>", "the cloud", ["public", "usgov", "china"]) };
 * ```
 */
export function choiceFlag<Choice extends string>(
  placeholder: string,
  description: string,
  choices: readonly Choice[],
): PlatformFlag<Choice> {
  return {
    option: (long) => new Option(`${long} ${placeholder}`, description).choices(choices),
    read: (parsed) => choices.find((choice) => choice === parsed),
  };
}

/**
 * A flag whose value is a comma-separated list, e.g. `--claim-keys repo,context,job_workflow_ref`.
 *
 * @example
 * ```ts
 * const flags = { claimKeys: listFlag("<keys>", "ordered include_claim_keys") };
 * ```
 */
export function listFlag(placeholder: string, description: string): PlatformFlag<string[]> {
  return {
    option: (long) => new Option(`${long} ${placeholder}`, description).argParser(splitList),
    read: (parsed) =>
      Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === "string") : undefined,
  };
}

/**
 * A comma-separated list whose items come from a fixed set, e.g. `--components project_path,ref_type`;
 * an item outside it is a usage error naming the set.
 *
 * @example
 * ```ts
 * const flags = { components: choiceListFlag("<list>", "the sub claim's components", ["project_path", "ref_type", "ref"]) };
 * ```
 */
export function choiceListFlag<Entry extends string>(
  placeholder: string,
  description: string,
  entries: readonly Entry[],
): PlatformFlag<Entry[]> {
  return {
    option: (long) =>
      new Option(`${long} ${placeholder}`, description).argParser((value: string) => {
        const items = splitList(value);
        if (!items.every((item) => entries.some((entry) => entry === item))) {
          throw new InvalidArgumentError(`expected a comma-separated list of ${entries.join(", ")}`);
        }
        return items;
      }),
    read: (parsed) =>
      Array.isArray(parsed) ? parsed.flatMap((item) => entries.filter((entry) => entry === item)) : undefined,
  };
}

/**
 * A repeatable `--flag key=value` collected into an object, e.g.
 * `--claims job_workflow_ref=contoso/ci/.github/workflows/deploy.yml@refs/heads/main`.
 *
 * @example
 * ```ts
 * const flags = { claims: keyValueFlag("<key=value>", "a claim value; repeat for more") };
 * ```
 */
export function keyValueFlag(placeholder: string, description: string): PlatformFlag<Record<string, string>> {
  return {
    option: (long) =>
      new Option(`${long} ${placeholder}`, description).argParser(
        (value: string, previous: Record<string, string> | undefined) => {
          const separator = value.indexOf("=");
          if (separator <= 0) {
            throw new InvalidArgumentError(
              `expected key=value, e.g. job_workflow_ref=owner/repo/.github/workflows/x.yml@refs/heads/main; got "${value}"`,
            );
          }
          return { ...previous, [value.slice(0, separator)]: value.slice(separator + 1) };
        },
      ),
    read: (parsed) => {
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
      const pairs: Record<string, string> = {};
      for (const [key, value] of Object.entries(parsed)) if (typeof value === "string") pairs[key] = value;
      return pairs;
    },
  };
}

function splitList(value: string): string[] {
  return value.split(",").map((item) => item.trim());
}
