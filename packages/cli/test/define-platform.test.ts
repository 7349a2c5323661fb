import type { GcpFederatedCredentialOptions } from "@azfed/identity/gcp";
import { describe, expect, it } from "vitest";
import { definePlatform } from "../src/platforms/define-platform";
import {
  choiceListFlag,
  keyValueFlag,
  listFlag,
  switchFlag,
  textFlag,
} from "../src/platforms/platform-flags";
import { runAzfed } from "./run-azfed";

const seen: GcpFederatedCredentialOptions[] = [];
const platform = definePlatform<GcpFederatedCredentialOptions>({
  name: "example",
  aliases: [],
  provider: "example",
  title: "Example",
  subjectFlags: { uniqueId: textFlag("<digits>", "the id") },
  credentialFlags: { issuer: textFlag("<url>", "the issuer") },
  subject: (options) => {
    seen.push(options);
    return `subject-${options.uniqueId}`;
  },
  federatedCredential: () => {
    throw new Error("not called");
  },
  flexible: false,
  subjectExamples: [],
  credentialExamples: [],
});

describe("definePlatform", () => {
  it("names each flag after the builder option it fills and hands the builder only what was given", () => {
    expect(platform.subjectOptions().map((option) => option.flags)).toEqual(["--unique-id <digits>"]);
    expect(platform.credentialOptions().map((option) => option.flags)).toEqual(["--issuer <url>"]);
    expect(platform.subject({ uniqueId: "42", issuer: undefined })).toBe("subject-42");
    expect(seen.at(-1)).toEqual({ uniqueId: "42" });
  });

  it("reads each flag's value as its option's type, leaving out a value of the wrong kind", () => {
    expect(textFlag("<x>", "x").read(5)).toBeUndefined();
    expect(switchFlag("x").read(true)).toBe(true);
    expect(listFlag("<x>", "x").option("--keys").parseArg?.("a, b", undefined)).toEqual(["a", "b"]);
    expect(keyValueFlag("<k=v>", "x").read({ a: "1", b: 2 })).toEqual({ a: "1" });
    expect(choiceListFlag("<x>", "x", ["ref", "ref_type"]).read(["ref", "other"])).toEqual(["ref"]);
  });

  it("refuses a flag whose option name commander would not parse back to the same name", () => {
    expect(() =>
      definePlatform<{ readonly "ref-name"?: string | undefined }>({
        ...platform,
        subjectFlags: { "ref-name": textFlag("<x>", "x") },
        credentialFlags: {},
        subject: () => "",
        federatedCredential: () => {
          throw new Error("not called");
        },
      }),
    ).toThrow(/--ref-name parses to refName, not the option ref-name/);
  });

  it("does not compile a flag named after no builder option, or of the wrong kind", () => {
    const flags = {
      // @ts-expect-error: GCP's builder has no `project` option
      project: textFlag("<name>", "a misspelt option"),
    } satisfies Parameters<typeof definePlatform<GcpFederatedCredentialOptions>>[0]["subjectFlags"];
    const wrongKind = {
      // @ts-expect-error: `uniqueId` is text, not a switch
      uniqueId: switchFlag("a flag of the wrong kind"),
    } satisfies Parameters<typeof definePlatform<GcpFederatedCredentialOptions>>[0]["subjectFlags"];
    expect(Object.keys({ ...flags, ...wrongKind })).toEqual(["project", "uniqueId"]);
  });

  it("a list item outside the fixed set is a usage error naming the set", async () => {
    const run = await runAzfed([
      "subject",
      "gitlab",
      "--project-path",
      "contoso/app",
      "--components",
      "project_path,nope",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "expected a comma-separated list of project_path, project_id, ref_type, ref",
    );
  });
});
