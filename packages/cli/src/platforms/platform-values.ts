import { InvalidInputError } from "@azfed/core";
import type { Option } from "commander";
import type { CommandContext } from "../command-context";
import { UsageError } from "../usage-error";
import type { CliPlatform, PlatformOptionValues } from "./cli-platform";
import { flagVocabulary, inFlagTerms, sayInFlags } from "./flag-vocabulary";

/**
 * The parsed values of the given options only (the platform's builder options), without the
 * command's own flags such as `--json` or `--format`. Options not given are left out.
 *
 * @example
 * ```ts
 * const values = pickOptionValues(command.opts(), platform.subjectOptions());
 * ```
 */
export function pickOptionValues(
  parsed: Readonly<Record<string, unknown>>,
  options: readonly Option[],
): PlatformOptionValues {
  const values: Record<string, unknown> = {};
  for (const option of options) {
    const key = option.attributeName();
    if (parsed[key] !== undefined) values[key] = parsed[key];
  }
  return values;
}

/**
 * Calls a builder with flag values; its {@link InvalidInputError} (the library's own text, naming
 * options) becomes a {@link UsageError} said in flags (see {@link inFlagTerms}: the options' names
 * and values become the flags that give them). When none of the flags the error names was given, the
 * error says that the flag (or one of them) is required instead of showing the missing value.
 *
 * @example
 * ```ts
 * const values = pickOptionValues(parsed, options);
 * const subject = withFlagNames(options, values, () => platform.subject(values));
 * // azfed subject github  →  "--repository is required: expected a repository as "owner/repo" …"
 * ```
 */
export function withFlagNames<T>(
  options: readonly Option[],
  values: PlatformOptionValues,
  build: () => T,
): T {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    const vocabulary = flagVocabulary(options);
    const flags = flagsNamedBy(error.field, options);
    const names = flags.map((option) => option.long ?? option.flags);
    if (names.length > 0 && flags.every((option) => values[option.attributeName()] === undefined)) {
      const required = names.length === 1 ? names[0] : `one of ${names.join(", ")}`;
      const fix = / Fix: (.*?)\.?$/s.exec(error.message)?.[1];
      throw new UsageError(
        `${required} is required: expected ${sayInFlags(error.expected, vocabulary)}.${fix === undefined ? "" : ` Fix: ${sayInFlags(fix, vocabulary)}.`}`,
        { cause: error },
      );
    }
    const message = inFlagTerms(error, vocabulary);
    const said = message.slice(0, message.indexOf(": got ")).includes("--");
    const hint =
      said || names.length === 0 ? "" : ` (flag${names.length === 1 ? "" : "s"} ${names.join(", ")})`;
    throw new UsageError(`${message}${hint}`, { cause: error });
  }
}

function flagsNamedBy(field: string, options: readonly Option[]): Option[] {
  const words = new Set(field.match(/[A-Za-z]+/g) ?? []);
  const seen = new Set<string>();
  return options.filter((option) => {
    const name = option.attributeName();
    if (option.negate || !words.has(name) || seen.has(name)) return false;
    seen.add(name);
    return true;
  });
}

/**
 * The flag values after the platform's {@link CliPlatform.resolveValues} (when it has one), its notes
 * written to stderr as warnings.
 * @example
 * ```ts
 * const values = await resolvePlatformValues(platform, pickOptionValues(parsed, options), context);
 * ```
 */
export async function resolvePlatformValues(
  platform: CliPlatform,
  values: PlatformOptionValues,
  context: CommandContext,
): Promise<PlatformOptionValues> {
  if (!platform.resolveValues) return values;
  const resolved = await platform.resolveValues(values, context.io);
  for (const note of resolved.notes) context.warn(note);
  return resolved.values;
}
