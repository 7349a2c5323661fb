import { DEFAULT_PROVIDER_NAMES, NAMED_ONLY_PROVIDER_NAMES } from "@azfed/identity";

/**
 * What `azfed token` and `azfed doctor` say when no platform is detected and none was named: that
 * this is expected outside a pipeline job or a pod (on a laptop, say), and what to do instead —
 * run the command in the job or pod, try `pnpm demo`, or name a provider with `AZFED_PROVIDER`.
 *
 * @example
 * ```ts
 * for (const line of noPlatformAdvice("azfed token")) context.printError(line);
 * ```
 */
export function noPlatformAdvice(command: string): string[] {
  return [
    "No CI platform or cluster was detected. That is expected on a laptop or workstation: azfed gets its tokens from the platform a pipeline job or pod runs on, and there is none here.",
    `  - Run \`${command}\` as a step of the pipeline job, or inside the pod.`,
    "  - To watch azfed work on this machine against local emulators, run `pnpm demo` in a clone of https://github.com/azfed/azfed.",
    `  - To use one platform's provider without detection, set AZFED_PROVIDER (or pass --provider) to one of: ${[...DEFAULT_PROVIDER_NAMES, ...NAMED_ONLY_PROVIDER_NAMES].join(", ")}.`,
  ];
}
