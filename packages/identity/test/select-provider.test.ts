import {
  type AssertionProvider,
  CredentialUnavailableError,
  type Detection,
  InvalidInputError,
} from "@azfed/core";
import { describe, expect, it } from "vitest";
import { findProvider, selectProvider } from "../src/select-provider";

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

    const selection = await selectProvider([first, named], { env: { AZFED_PROVIDER: "named" } });

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
    const error = await selectProvider(providers, { env: { AZFED_PROVIDER: "github" } }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe("AZFED_PROVIDER");
    expect((error as Error).message).toContain('"github"');
    expect((error as Error).message).toContain('"github-actions", "gitlab"');
  });

  it("explains why a named provider cannot be used here", async () => {
    const named = fakeProvider("kubernetes", absent("AZURE_FEDERATED_TOKEN_FILE is not set"));
    const error = await selectProvider([named], { env: {}, provider: "kubernetes" }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect((error as Error).message).toContain('the provider option selects "kubernetes"');
    expect((error as Error).message).toContain("AZURE_FEDERATED_TOKEN_FILE is not set");
  });
});

describe("findProvider: the one choice DefaultFederatedCredential and azfed doctor make", () => {
  it("reads AZFED_PROVIDER from env when no provider is named, and lets the provider option win", async () => {
    const first = fakeProvider("first", { available: true });
    const second = fakeProvider("second", { available: true });
    const byEnv = await findProvider([first, second], { env: { AZFED_PROVIDER: "second" } });
    expect(byEnv.selection).toMatchObject({ provider: second, chosenBy: "AZFED_PROVIDER" });
    const byOption = await findProvider([first, second], {
      env: { AZFED_PROVIDER: "second" },
      provider: "first",
    });
    expect(byOption.selection).toMatchObject({ provider: first, chosenBy: "provider" });
  });

  it("uses a named-only provider when named, never by detection", async () => {
    const detected = fakeProvider("detected", absent("not here"));
    const managed = fakeProvider("managed-identity", { available: true });
    const found = await findProvider([detected], { env: {}, namedOnly: [managed] });
    expect(found.selection).toBeUndefined();
    expect(managed.detectCalls).toBe(0);
    const named = await findProvider([detected], {
      env: { AZFED_PROVIDER: "managed-identity" },
      namedOnly: [managed],
    });
    expect(named.selection?.provider).toBe(managed);
  });

  it("prefers a listed provider to a named-only one of the same name", async () => {
    const mine = fakeProvider("managed-identity", { available: true });
    const builtIn = fakeProvider("managed-identity", { available: true });
    const found = await findProvider([mine], { env: {}, provider: "managed-identity", namedOnly: [builtIn] });
    expect(found.selection?.provider).toBe(mine);
    expect(builtIn.detectCalls).toBe(0);
  });

  it("returns the reports instead of throwing when nothing applies, each detect asked once", async () => {
    const first = fakeProvider("first", absent("FIRST_VAR is not set"));
    const second = fakeProvider("second", absent("SECOND_VAR is not set"));
    const found = await findProvider([first, second], { env: {} });
    expect(found.selection).toBeUndefined();
    expect(found.reports.map((report) => report.reason)).toEqual([
      "FIRST_VAR is not set",
      "SECOND_VAR is not set",
    ]);
    expect(found.selection === undefined && found.message).toContain("found no platform");
    expect([first.detectCalls, second.detectCalls]).toEqual([1, 1]);
    // selectProvider throws exactly that message.
    await expect(selectProvider([first, second], { env: {} })).rejects.toThrow(
      found.selection === undefined ? found.message : "unreachable",
    );
  });

  it("bounds a named provider's detect by the same time limit as detection", async () => {
    const hanging = fakeProvider("hanging", () => new Promise<Detection>(() => undefined));
    const started = performance.now();
    const found = await findProvider([hanging], { env: {}, provider: "hanging", detectTimeoutMs: 100 });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(found.reports).toEqual([
      { provider: "hanging", available: false, reason: "its detect() did not answer within 100 ms" },
    ]);
  });
});
