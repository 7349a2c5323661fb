import type { InvalidInputError } from "@azfed/core";
import type { Option } from "commander";

/**
 * A platform's builder option names and the flags that give them, taken from the platform's own
 * option list (commander turns `--pull-request` into `pullRequest`): the one mapping the CLI uses to
 * say a builder's message in flags.
 *
 * @example
 * ```ts
 * const vocabulary = flagVocabulary(githubPlatform.subjectOptions());
 * vocabulary.get("pullRequest"); // { flag: "--pull-request", takesValue: false }
 * ```
 */
export type FlagVocabulary = ReadonlyMap<string, { readonly flag: string; readonly takesValue: boolean }>;

/**
 * The {@link FlagVocabulary} of a command's options (negated `--no-…` flags left out).
 *
 * @example
 * ```ts
 * flagVocabulary([new Option("--owner-id <id>")]).get("ownerId")?.flag; // "--owner-id"
 * ```
 */
export function flagVocabulary(options: readonly Option[]): FlagVocabulary {
  const vocabulary = new Map<string, { flag: string; takesValue: boolean }>();
  for (const option of options) {
    const name = option.attributeName();
    if (option.negate || option.long === undefined || vocabulary.has(name)) continue;
    vocabulary.set(name, { flag: option.long, takesValue: option.required || option.optional });
  }
  return vocabulary;
}

const STRING = String.raw`"(?:[^"\\]|\\.)*"`;
const SHELL_PLAIN = /^[\w./:@,=+-]+$/;

/**
 * A builder's {@link InvalidInputError} said in flags: `Invalid pullRequest: got true; expected …
 * Fix: pass branch: "main"` becomes `Invalid --pull-request: got --pull-request; expected … Fix: pass
 * --branch main`. Option names are replaced where they are code (`name: value`, `name.key`,
 * `name[0]`, camelCase names, lists such as `branch or tag`, and after remove/drop/leave/pass/keep);
 * a lower-case name in running text ("a branch name") stays a word.
 *
 * @example
 * ```ts
 * inFlagTerms(error, flagVocabulary(options)); // "Invalid --branch or --tag: got …"
 * ```
 */
export function inFlagTerms(error: InvalidInputError, vocabulary: FlagVocabulary): string {
  const fix = / Fix: (.*?)\.?$/s.exec(error.message)?.[1];
  const field = vocabulary.get(error.field)?.flag ?? sayInFlags(error.field, vocabulary);
  return `Invalid ${field}: got ${valueInFlags(error.value, vocabulary)}; expected ${sayInFlags(error.expected, vocabulary)}.${
    fix === undefined ? "" : ` Fix: ${sayInFlags(fix, vocabulary)}.`
  }`;
}

/**
 * Text with the vocabulary's option names, where they are code, replaced by flags (see
 * {@link inFlagTerms}).
 *
 * @example
 * ```ts
 * sayInFlags('pass branch: "main" or tag: "v1.0.0"', vocabulary); // "pass --branch main or --tag v1.0.0"
 * ```
 */
export function sayInFlags(text: string, vocabulary: FlagVocabulary): string {
  if (vocabulary.size === 0) return text;
  const names = [...vocabulary.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const name = `(?<![\\w.$-])(${names.join("|")})(?![\\w-])`;
  // "pass branch: \"main\"" is code; "the role's path: \"/\" or …" is prose.
  const set = `(?<!'s )${name}`;
  const flag = (key: string) => vocabulary.get(key)?.flag ?? key;
  return (
    text
      // name: true | name: "value" | name: ["a", "b"] | name: { key: "value" }
      .replace(new RegExp(`${set}: true\\b`, "g"), (_, key: string) => flag(key))
      .replace(
        new RegExp(`${set}: (${STRING})`, "g"),
        (_, key: string, value: string) => `${flag(key)} ${shellWord(JSON.parse(value) as string)}`,
      )
      .replace(
        new RegExp(`${set}: \\[(${STRING}(?:, ${STRING})*)\\]`, "g"),
        (_, key: string, list: string) =>
          `${flag(key)} ${shellWord((JSON.parse(`[${list}]`) as string[]).join(","))}`,
      )
      .replace(
        new RegExp(`${set}: \\{ (\\w+): (${STRING}) \\}`, "g"),
        (_, key: string, inner: string, value: string) =>
          `${flag(key)} ${shellWord(`${inner}=${JSON.parse(value) as string}`)}`,
      )
      // name.key | name[0]
      .replace(
        new RegExp(`${name}\\.(\\w+)`, "g"),
        (_, key: string, inner: string) => `${flag(key)} ${inner}=…`,
      )
      .replace(new RegExp(`${name}\\[\\d+\\]`, "g"), (_, key: string) => flag(key))
      // camelCase names are code wherever they stand, except inside another tool's syntax:
      // a placeholder {ownerId}, value(uniqueId), az's --query principalId
      .replace(new RegExp(name, "g"), (whole: string, key: string, at: number, all: string) =>
        /[A-Z]/.test(key) &&
        !/[({]$|--query $/.test(all.slice(0, at)) &&
        !/^[)}]/.test(all.slice(at + key.length))
          ? flag(key)
          : whole,
      )
      // a list of names or flags: "environment, branch, tag or --pull-request", "branch or tag"
      .replace(
        new RegExp(`(?:${name}|--[\\w-]+)(?:(?:, | or |, or | and )(?:${name}|--[\\w-]+))+`, "g"),
        (list: string) => list.replace(new RegExp(name, "g"), (_, key: string) => flag(key)),
      )
      // a name right after a verb that takes an option: "remove issuer", "leave issuer out"
      .replace(
        new RegExp(`\\b(remove|drop|leave|pass|keep) ${name}`, "g"),
        (_, verb: string, key: string) => `${verb} ${flag(key)}`,
      )
  );
}

/** A value shown as JSON (`{"branch":"main","pullRequest":true}`) said as the flags that gave it. */
function valueInFlags(value: string, vocabulary: FlagVocabulary): string {
  if (!value.startsWith("{")) return value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return value;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return value;
  const entries = Object.entries(parsed);
  if (entries.length === 0 || !entries.every(([key]) => vocabulary.has(key))) return value;
  return entries
    .map(([key, given]) => {
      const shown = vocabulary.get(key)?.flag ?? key;
      if (given === true) return shown;
      return `${shown} ${shellWord(typeof given === "string" ? given : JSON.stringify(given))}`;
    })
    .join(" ");
}

function shellWord(value: string): string {
  return SHELL_PLAIN.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
