import {
  type AssertionProvider,
  CredentialUnavailableError,
  type Detection,
  InvalidInputError,
} from "@azfed/core";
import { describe, expect, it } from "vitest";
import { selectProvider } from "../src/select-provider";

function fakeProvider(
  name: string,
  detection: Detection | (() => Detection | Promise<Detection>),
): AssertionProvider & {
  detectCalls: number;
} {
  const provider = {
    name,
    detectCalls: 0,
    getAssertion: async () => {
      throw new Error(`${name}: not used in these tests`);
    },
    detect(): Detection | Promise<Detection> {
      provider.detectCalls++;
      return typeof detection === "function" ? detection() : detection;
    },
  };
  return provider;
}

const absent = (reason: string): Detection => ({ available: false, reason });

describe("selectProvider", () => {
  it("picks the first available provider in order and stops asking", async () => {
    const first = fakeProvider("first", absent("FIRST_VAR is not set"));
    const second = fakeProvider("second", {
      available: true,
      reason: "SECOND_VAR is set",
      tenantId: "t",
      clientId: "c",
    });
    const third = fakeProvider("third", { available: true });

    const selection = await selectProvider([first, second, third], { env: {} });

    expect(selection.provider).toBe(second);
    expect(selection.chosenBy).toBe("detection");
    expect(selection.reason).toBe("SECOND_VAR is set");
    expect(selection.tenantId).toBe("t");
    expect(selection.clientId).toBe("c");
    expect(selection.reports.map((report) => report.provider)).toEqual(["first", "second"]);
    expect(third.detectCalls).toBe(0);
  });

  it("passes the environment to detect", async () => {
    const seen: NodeJS.ProcessEnv[] = [];
    const provider: AssertionProvider = {
      name: "env-reader",
      getAssertion: async () => "",
      detect: (env) => {
        seen.push(env);
        return env.MY_PLATFORM ? { available: true } : absent("MY_PLATFORM is not set");
      },
    };
    const env = { MY_PLATFORM: "1" };
    await selectProvider([provider], { env });
    expect(seen).toEqual([env]);
  });

  it("lists every provider and its reason when none applies", async () => {
    const providers = [
      fakeProvider("azure-pipelines", absent("SYSTEM_OIDCREQUESTURI is not set")),
      fakeProvider(
        "github-actions",
        absent("ACTIONS_ID_TOKEN_REQUEST_URL is not set: add `permissions: id-token: write`"),
      ),
      fakeProvider("gcp", absent("no metadata server answered within 500 ms")),
    ];
    const error = await selectProvider(providers, { env: {} }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(CredentialUnavailableError);
    const message = (error as Error).message;
    expect(message).toContain("azure-pipelines: SYSTEM_OIDCREQUESTURI is not set");
    expect(message).toContain("github-actions: ACTIONS_ID_TOKEN_REQUEST_URL is not set");
    expect(message).toContain("gcp: no metadata server answered within 500 ms");
    expect(message.indexOf("azure-pipelines")).toBeLessThan(message.indexOf("github-actions"));
    expect(message).toContain("AZFED_PROVIDER");
  });

  it("says so when the provider list is empty", async () => {
    const error = await selectProvider([], { env: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect((error as Error).message).toMatch(/no providers/i);
  });

  it("counts a provider without detect as present", async () => {
    const plain: AssertionProvider = { name: "plain", getAssertion: async () => "token" };
    const selection = await selectProvider([plain], { env: {} });
    expect(selection.provider).toBe(plain);
    expect(selection.reason).toMatch(/no detect\(\)/);
  });

  it("counts a throwing or a silent detect as absent, with the reason, and moves on", async () => {
    const throwing = fakeProvider("throwing", () => {
      throw new Error("cannot read /proc/self/cgroup");
    });
    const silent = fakeProvider("silent", () => new Promise<Detection>(() => {}));
    const last = fakeProvider("last", { available: true, reason: "here" });

    const started = Date.now();
    const selection = await selectProvider([throwing, silent, last], { env: {}, detectTimeoutMs: 100 });

    expect(Date.now() - started).toBeLessThan(5_000);
    expect(selection.provider).toBe(last);
    expect(selection.reports[0]).toEqual({
      provider: "throwing",
      available: false,
      reason: "its detect() failed: cannot read /proc/self/cgroup",
    });
    expect(selection.reports[1]).toEqual({
      provider: "silent",
      available: false,
      reason: "its detect() did not answer within 100 ms",
    });
  });

  it("uses the named provider without asking the others", async () => {
    const first = fakeProvider("first", { available: true });
    const named = fakeProvider("named", {
      available: true,
      reason: "NAMED is set",
      clientId: "from-platform",
    });

    const selection = await selectProvider([first, named], {
      env: {},
      named: { name: "named", by: "AZFED_PROVIDER" },
    });

    expect(selection.provider).toBe(named);
    expect(selection.chosenBy).toBe("AZFED_PROVIDER");
    expect(selection.clientId).toBe("from-platform");
    expect(first.detectCalls).toBe(0);
  });

  it("refuses an unknown name, listing the valid ones", async () => {
    const providers = [
      fakeProvider("github-actions", { available: true }),
      fakeProvider("gitlab", { available: true }),
    ];
    const error = await selectProvider(providers, {
      env: {},
      named: { name: "github", by: "AZFED_PROVIDER" },
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe("AZFED_PROVIDER");
    expect((error as Error).message).toContain('"github"');
    expect((error as Error).message).toContain('"github-actions", "gitlab"');
  });

  it("explains why a named provider cannot be used here", async () => {
    const named = fakeProvider("kubernetes", absent("AZURE_FEDERATED_TOKEN_FILE is not set"));
    const error = await selectProvider([named], {
      env: {},
      named: { name: "kubernetes", by: "provider" },
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect((error as Error).message).toContain('the provider option selects "kubernetes"');
    expect((error as Error).message).toContain("AZURE_FEDERATED_TOKEN_FILE is not set");
  });
});
