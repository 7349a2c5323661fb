import { CredentialUnavailableError, type ProviderOptions } from "@azfed/core";
import { describe, expect, it } from "vitest";
import { DefaultFederatedCredential } from "../src/default-federated-credential";
import { type BuiltInProvider, lazyProvider } from "../src/lazy-provider";
import { OptionalPackageMissingError, optionalPackage } from "../src/optional-package";

/** A package name that is installed nowhere, imported for real (no module mock). */
const MISSING = "@azfed/not-installed-anywhere";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const importByName = (specifier: string): Promise<Record<string, unknown>> =>
  import(/* @vite-ignore */ specifier) as Promise<Record<string, unknown>>;

/** A signalled entry whose optional package is `packageName`; counts its imports. */
function signalledEntry(packageName: string, exportName: string) {
  const counter = { loads: 0 };
  const entry: BuiltInProvider = {
    name: "example",
    label: "Example CI",
    load: async () => {
      counter.loads += 1;
      const module = await optionalPackage(packageName, () => importByName(packageName));
      return module[exportName] as (options: ProviderOptions) => never;
    },
    signal: (env) => (env.EXAMPLE_OIDC_TOKEN ? "EXAMPLE_OIDC_TOKEN" : undefined),
    signalAbsent: "EXAMPLE_OIDC_TOKEN is not set",
  };
  return { entry, counter };
}

describe("lazyProvider with a detection signal", () => {
  it("answers 'not detected' without importing anything when the signal is absent", async () => {
    const { entry, counter } = signalledEntry(MISSING, "example");
    const provider = lazyProvider(entry, {});
    expect(await provider.detect?.({ OTHER: "1" })).toEqual({
      available: false,
      reason: "EXAMPLE_OIDC_TOKEN is not set",
    });
    expect(counter.loads).toBe(0);
  });

  it("says which package to install when the signal is present and the optional package is not", async () => {
    const { entry, counter } = signalledEntry(MISSING, "example");
    const provider = lazyProvider(entry, { env: { EXAMPLE_OIDC_TOKEN: "eyJ.secret.token" } });
    const detection = await provider.detect?.({});
    expect(detection).toEqual({
      available: false,
      reason: `this looks like Example CI (EXAMPLE_OIDC_TOKEN is set), but ${MISSING} is not installed: npm install ${MISSING} next to @azfed/identity`,
    });
    expect(JSON.stringify(detection)).not.toContain("eyJ.secret.token");
    expect(counter.loads).toBe(1);
  });

  it("rejects getAssertion with a CredentialUnavailableError naming the signal and the package", async () => {
    const { entry } = signalledEntry(MISSING, "example");
    const provider = lazyProvider(entry, { env: { EXAMPLE_OIDC_TOKEN: "eyJ.secret.token" } });
    const error = await provider
      .getAssertion({ audience: "api://AzureADTokenExchange" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect((error as Error).name).toBe("CredentialUnavailableError");
    expect((error as Error).message).toBe(
      `this looks like Example CI (EXAMPLE_OIDC_TOKEN is set), but ${MISSING} is not installed: npm install ${MISSING} next to @azfed/identity`,
    );
  });

  it("makes DefaultFederatedCredential's no-platform error say what to install", async () => {
    const { entry } = signalledEntry(MISSING, "example");
    const credential = new DefaultFederatedCredential({
      providers: [lazyProvider(entry, {})],
      env: { EXAMPLE_OIDC_TOKEN: "eyJ.secret.token", AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: TENANT },
    });
    const error = await credential
      .getToken("https://storage.azure.com/.default")
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "CredentialUnavailableError" });
    expect((error as Error).message).toContain(
      `  - example: this looks like Example CI (EXAMPLE_OIDC_TOKEN is set), but ${MISSING} is not installed: npm install ${MISSING} next to @azfed/identity`,
    );
    expect((error as Error).message).not.toContain("eyJ.secret.token");
  });

  it("hands detection to the provider when the signal is present and the package is installed", async () => {
    // @azfed/aws is an optional peer that this workspace installs.
    const { entry, counter } = signalledEntry("@azfed/aws", "aws");
    const provider = lazyProvider(entry, { env: { EXAMPLE_OIDC_TOKEN: "1", AWS_REGION: "eu-west-2" } });
    expect(await provider.detect?.({})).toMatchObject({
      available: true,
      reason: expect.stringContaining("region eu-west-2 from AWS_REGION"),
    });
    expect(counter.loads).toBe(1);
  });

  it("reads the signal from what detect is given when no shared env was set", async () => {
    const { entry } = signalledEntry(MISSING, "example");
    const provider = lazyProvider(entry, {});
    expect(await provider.detect?.({ EXAMPLE_OIDC_TOKEN: "1" })).toMatchObject({
      available: false,
      reason: expect.stringContaining("this looks like Example CI (EXAMPLE_OIDC_TOKEN is set)"),
    });
  });
});

describe("optionalPackage", () => {
  it("turns the package's own absence into an OptionalPackageMissingError", async () => {
    const error = await optionalPackage(MISSING, () => importByName(MISSING)).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(OptionalPackageMissingError);
    expect(error).toMatchObject({ name: "CredentialUnavailableError", packageName: MISSING });
    expect((error as Error).message).toContain(`npm install ${MISSING}`);
  });

  it("rethrows a missing module that the package itself imports: reinstalling would not help", async () => {
    const fixture = new URL("./fixtures/imports-a-missing-package.mjs", import.meta.url).href;
    const error = await optionalPackage("@azfed/imports-a-missing-package", () =>
      importByName(fixture),
    ).catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(OptionalPackageMissingError);
    expect(String(error)).toContain("@azfed/not-installed-dependency");
  });

  it("without a signal, a missing package is a reason, not a crash of detect", async () => {
    const entry: BuiltInProvider = {
      name: "example",
      load: async () => (await optionalPackage(MISSING, () => importByName(MISSING))).example as never,
    };
    expect(await lazyProvider(entry, {}).detect?.({})).toEqual({
      available: false,
      reason: `the ${MISSING} package is not installed; install it next to @azfed/identity (npm install ${MISSING})`,
    });
  });
});
