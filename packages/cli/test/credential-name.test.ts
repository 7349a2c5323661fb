// `azfed fic` and the diagnosis (`azfed doctor`'s fix, AuthenticationError's suggested credential)
// name the same credential the same way: the diagnosis knows only the token's iss and sub, so the
// name `fic` writes must be the one core's federatedCredentialName derives from them (issue 23, item 8).
import { federatedCredentialFromClaims, federatedCredentialName } from "@azfed/core";
import { describe, expect, it } from "vitest";
import { CLI_PLATFORMS } from "../src/platforms/all-platforms";
import { runAzfed } from "./run-azfed";

const GUID = "11111111-2222-4333-8444-555555555555";

/** The words of a shell command line (single and double quotes, no expansion). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map(
    (match) => match[1] ?? match[2] ?? match[3] ?? "",
  );
}

/** An example's builder flags, each placeholder (`<…>`) a GUID, without output and target flags. */
function builderFlags(example: string): string[] {
  const words = shellWords(example).slice(3); // drop `azfed fic <platform>`
  const flags: string[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index] ?? "";
    if (["--format", "--app", "--identity", "--resource-group"].includes(word)) index++;
    else flags.push(word.replace(/<[^>]*>/g, GUID));
  }
  return flags;
}

// Every platform's every `fic` example that makes a plain FIC (a flexible one has no subject to
// name; --from-github asks GitHub), plus issuers other than the platform's default.
const cases = [
  ...CLI_PLATFORMS.flatMap((platform) =>
    platform.credentialExamples
      .filter((example) => !/--flexible|--from-github/.test(example))
      .map((example) => [platform.name, builderFlags(example)] as const),
  ),
  ["github", ["--repository", "contoso/app", "--branch", "main", "--enterprise-slug", "contoso"]],
  ["github", ["--repository", "contoso/app", "--tag", "v1", "--ghe-data-residency-subdomain", "contoso"]],
  [
    "gitlab",
    ["--project-path", "contoso/app", "--tag", "v1", "--instance-url", "https://gitlab.example.com"],
  ],
  ["gcp", ["--unique-id", "112233445566778899001", "--issuer", "https://accounts.google.com"]],
  ["managed-identity", ["--principal-id", GUID, "--tenant-id", GUID, "--cloud", "china"]],
] as const;

describe("azfed fic names a credential as the diagnosis does", () => {
  it.each(cases)("%s %j", async (platform, flags) => {
    const run = await runAzfed(["fic", platform, ...flags, "--format", "json"]);
    expect(run.stderr.replace(/azfed: warning:.*\n/g, "")).toBe("");
    expect(run.code).toBe(0);
    const credential = JSON.parse(run.stdout) as { name: string; issuer: string; subject: string };
    const claims = { iss: credential.issuer, sub: credential.subject };
    expect(federatedCredentialName(claims)).toBe(credential.name);
    expect(federatedCredentialFromClaims({ ...claims, aud: "api://AzureADTokenExchange" }).name).toBe(
      credential.name,
    );
  });
});
