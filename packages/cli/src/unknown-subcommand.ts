import type { Command } from "commander";
import { UsageError } from "./usage-error";

/**
 * Makes `command` refuse an unknown subcommand with a {@link UsageError} (so it reads
 * `azfed: error: …`, exits 2 and, under `--json`, prints the one failure shape) that lists the valid
 * names instead of commander's bare "unknown command 'aws'". `kind` says what the names are
 * (`command`, `platform`); `hint` may add advice for a given name (e.g. `azfed aws` → `azfed subject aws`).
 *
 * @example
 * ```ts
 * refuseUnknownSubcommand(program.command("subject"), "platform");
 * // azfed subject aws2  →  azfed: error: unknown platform 'aws2' for `azfed subject`; the platforms are github, gitlab, …
 * ```
 */
export function refuseUnknownSubcommand(
  command: Command,
  kind: string,
  hint: (name: string) => string | undefined = () => undefined,
): void {
  command.on("command:*", (operands: readonly string[]) => {
    const name = operands[0] ?? "";
    const valid = command.commands.map((subcommand) => subcommand.name()).filter((each) => each !== "help");
    const where = command.parent ? ` for \`${commandPath(command)}\`` : "";
    const advice = hint(name) ?? similar(name, valid);
    throw new UsageError(
      `unknown ${kind} ${JSON.stringify(name)}${where}; the ${kind}s are ${valid.join(", ")}${advice === undefined ? "" : `. ${advice}`}`,
    );
  });
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let each: Command | null = command; each; each = each.parent) names.unshift(each.name());
  return names.join(" ");
}

/** "Did you mean subject?" for a name that starts as a valid one does (a typo further on, or cut short). */
function similar(name: string, valid: readonly string[]): string | undefined {
  if (name.length < 3) return undefined;
  const close = valid.filter((each) => each.startsWith(name.slice(0, 3)));
  return close.length === 0 ? undefined : `Did you mean ${close.join(" or ")}?`;
}
