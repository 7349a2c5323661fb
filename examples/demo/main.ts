/**
 * `pnpm demo [--platform github-actions|gitlab|azure-pipelines|kubernetes|gcp|managed-identity|aws|terraform|buildkite|spiffe|spacelift|jenkins]`: see demo.ts.
 * `--platform` also takes the names `azfed` accepts (`github`, `k8s`, …). Colour follows the CLI's
 * rules: a terminal without NO_COLOR, or FORCE_COLOR.
 * Exit codes: 0 the demo did what it shows, 1 something went wrong (printed), 2 a usage error.
 */
import { parseArgs } from "node:util";
import { shouldUseColor, terminalStyle } from "@azfed/cli";
import { runDemo } from "./demo";
import { DEMO_PLATFORMS, resolveDemoPlatform } from "./platforms";

const USAGE = `Usage: pnpm demo [--platform <${DEMO_PLATFORMS.join("|")}>]

Runs examples/<platform>/index.ts as a job on that platform would, against an emulated Microsoft
Entra ID, Azurite and the platform's emulated token service, all on 127.0.0.1; then shows the
diagnosis azfed gives for a federated credential that does not match. Default platform: github-actions.
The names azfed's CLI accepts work too: github, gitlab-ci, ado, k8s, aks, google-cloud, mi.

Examples:
  pnpm demo
  pnpm demo --platform k8s
  pnpm demo --platform mi`;

function parse(): { platform: string; help: boolean } {
  try {
    const { values } = parseArgs({
      options: {
        platform: { type: "string", short: "p", default: "github-actions" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
    });
    return { platform: values.platform ?? "github-actions", help: values.help ?? false };
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
}

const { platform: name, help } = parse();
if (help) {
  console.log(USAGE);
  process.exit(0);
}
const platform = resolveDemoPlatform(name);
if (platform === undefined) {
  console.error(`Unknown --platform "${name}": expected one of ${DEMO_PLATFORMS.join(", ")}.\n\n${USAGE}`);
  process.exit(2);
}

// Ctrl-C: exit through process.exit, whose handlers stop Azurite and remove temporary files.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

const style = terminalStyle(shouldUseColor(process.stdout, process.env));
const result = await runDemo({ platform, print: (line) => console.log(line), style });
process.exitCode = result.ok ? 0 : 1;
