import { Command } from "commander";
import { boundedMessage } from "./bounded-message";
import type { CommandContext } from "./command-context";
import { registerDoctorCommand } from "./commands/doctor-command";
import { registerFicCommand } from "./commands/fic-command";
import { registerSubjectCommand } from "./commands/subject-command";
import { registerTokenCommand } from "./commands/token-command";
import { registerValidateCommand } from "./commands/validate-command";
import { examples } from "./help-examples";
import { platformProviderName } from "./platforms/all-platforms";
import { shouldUseColor, terminalSafe } from "./terminal-style";
import { refuseUnknownSubcommand } from "./unknown-subcommand";
import { CLI_VERSION } from "./version";

/**
 * The `azfed` command tree (commander), writing through the context's I/O. Commander's own exits
 * are turned into exceptions (`exitOverride`), which `runCli` maps to exit codes.
 *
 * @example
 * ```ts
 * const context = createCommandContext(resolveCliIo());
 * await createProgram(context).parseAsync(["subject", "github", "--repository", "contoso/app", "--branch", "main"], { from: "user" });
 * ```
 */
export function createProgram(context: CommandContext): Command {
  const { io, err } = context;
  const program = new Command("azfed")
    .description(
      "Azure workload identity federation from the command line: build the subject and federated identity credential (FIC) a pipeline or workload needs, validate FICs, diagnose a failing exchange from inside the job, and get access tokens.",
    )
    .version(CLI_VERSION, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help for a command")
    .exitOverride()
    .showHelpAfterError("(run the command with --help for usage and examples)")
    .configureOutput({
      writeOut: (text) => {
        io.stdout.write(text);
      },
      writeErr: (text) => {
        io.stderr.write(text);
      },
      // Commander's own messages ("error: unknown option '--x'") get the label every azfed error
      // has; it echoes a refused value whole: bounded like every other error message.
      outputError: (text, write) =>
        write(`${err.red("azfed: error:")} ${terminalSafe(boundedMessage(text.replace(/^error: /, "")))}`),
      getOutHasColors: () => shouldUseColor(io.stdout, io.env),
      getErrHasColors: () => shouldUseColor(io.stderr, io.env),
    })
    .addHelpText(
      "after",
      `${examples([
        "azfed subject github --repository contoso/app --environment production",
        "azfed fic kubernetes --issuer https://eastus.oic.prod-aks.azure.com/<tenant>/<guid>/ --namespace apps --service-account api --format az --identity deployer --resource-group rg-app",
        "azfed validate fics.json",
        "azfed doctor --fic fics.json --exchange",
        "TOKEN=$(azfed token --scope https://management.azure.com/.default)",
      ])}
Exit codes:
  0  success
  1  a problem found: invalid FIC, no matching FIC, refused exchange, platform not usable
  2  usage error: unknown command or platform, bad or missing flag, a file that cannot be read or is not JSON
`,
    );

  registerSubjectCommand(program, context);
  registerFicCommand(program, context);
  registerValidateCommand(program, context);
  registerDoctorCommand(program, context);
  registerTokenCommand(program, context);
  refuseUnknownSubcommand(program, "command", (name) =>
    platformProviderName(name) === undefined
      ? undefined
      : `${name} is a platform: run \`azfed subject ${name}\` or \`azfed fic ${name}\``,
  );
  for (const command of program.commands) {
    if (command.name() === "subject" || command.name() === "fic")
      refuseUnknownSubcommand(command, "platform");
  }
  return program;
}
