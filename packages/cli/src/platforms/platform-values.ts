import { InvalidInputError } from "@azfed/core";
import type { Option } from "commander";
import { UsageError } from "../usage-error";
import type { PlatformOptionValues } from "./cli-platform";

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
 * Calls a builder with flag values; its {@link InvalidInputError} (the library's own text, naming the
 * option) becomes a {@link UsageError} that also names the flags to change.
 *
 * @example
 * ```ts
 * const subject = withFlagNames(options, () => platform.subject(values));
 * ```
 */
export function withFlagNames<T>(options: readonly Option[], build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    const flags = flagsNamedBy(error.field, options);
    const hint = flags.length === 0 ? "" : ` (flag${flags.length === 1 ? "" : "s"} ${flags.join(", ")})`;
    throw new UsageError(`${error.message}${hint}`, { cause: error });
  }
}

function flagsNamedBy(field: string, options: readonly Option[]): string[] {
  const words = new Set(field.match(/[A-Za-z]+/g) ?? []);
  const flags = options
    .filter((option) => !option.negate && words.has(option.attributeName()))
    .map((option) => option.long ?? option.flags);
  return [...new Set(flags)];
}
