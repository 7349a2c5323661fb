import { execFileSync } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AssertionFetchError, CredentialUnavailableError, InvalidInputError } from "@azfed/core";
import { expectNoSecrets, exposedText, type OidcIssuer, rejectionOf, startOidcIssuer } from "@azfed/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { OidcTokenError, oidcToken } from "../src/index";

const AUDIENCE = "api://AzureADTokenExchange";
const context = { audience: AUDIENCE };

let issuer: OidcIssuer;
let scratch: string;
let token: string;

beforeAll(async () => {
  issuer = await startOidcIssuer();
  scratch = await mkdtemp(join(tmpdir(), "azfed-oidc-token-test-"));
});
afterAll(async () => {
  await issuer.close();
  await rm(scratch, { recursive: true, force: true });
});
beforeEach(async () => {
  token = await issuer.mint({ sub: "deploy-agent", aud: AUDIENCE });
});

async function fileWith(content: string, name = "token"): Promise<string> {
  const path = join(scratch, name);
  await writeFile(path, content);
  return path;
}

describe("oidcToken() options", () => {
  it("refuses both a file and a variable, naming both", () => {
    const error = (() => {
      try {
        oidcToken({ file: "/run/token", variable: "OIDC_TOKEN" });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(String(error)).toMatch(/variable and file.*not both/s);
  });

  it.each([
    [{ variable: "$OIDC_TOKEN" }, "variable"],
    [{ variable: "1TOKEN" }, "variable"],
    [{ file: "" }, "file"],
    [{ file: " /run/token" }, "file"],
    [{ name: "My Platform" }, "name"],
  ])("refuses %j, naming %s", (options, field) => {
    expect(() => oidcToken(options)).toThrow(expect.objectContaining({ name: "InvalidInputError", field }));
  });
});

describe("oidcToken() reads a variable", () => {
  it("presents the variable's token, read at each call", async () => {
    const env: NodeJS.ProcessEnv = { OIDC_TOKEN: token };
    const provider = oidcToken({ variable: "OIDC_TOKEN", env });
    await expect(provider.getAssertion(context)).resolves.toBe(token);
    const next = await issuer.mint({ sub: "deploy-agent", aud: AUDIENCE });
    env.OIDC_TOKEN = `${next}\n`;
    await expect(provider.getAssertion(context)).resolves.toBe(next);
  });

  it("is unavailable (CredentialUnavailableError) when the variable is unset, and says who sets it", async () => {
    const provider = oidcToken({ variable: "OIDC_TOKEN", env: {}, writer: "the deploy agent" });
    expect(provider.detect?.({})).toEqual({
      available: false,
      reason: "the variable OIDC_TOKEN holds no token",
    });
    const error = await rejectionOf(provider.getAssertion(context));
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(String(error)).toContain("OIDC_TOKEN is not set; the deploy agent sets it");
  });

  it("refuses a value far larger than a token, without reading it as one", async () => {
    const provider = oidcToken({ variable: "OIDC_TOKEN", env: { OIDC_TOKEN: "a".repeat(70_000) } });
    const error = await rejectionOf(provider.getAssertion(context));
    expect(error).toMatchObject({ name: "OidcTokenError", problem: "unreadable" });
    expect(String(error)).toContain("70000 bytes");
  });
});

describe("oidcToken() reads a file", () => {
  it("reads the file again at every call (a rewritten file is seen at once)", async () => {
    const path = await fileWith(`${token}\n`);
    const provider = oidcToken({ file: path });
    await expect(provider.getAssertion(context)).resolves.toBe(token);
    const next = await issuer.mint({ sub: "deploy-agent", aud: AUDIENCE });
    await writeFile(path, next);
    await expect(provider.getAssertion(context)).resolves.toBe(next);
    expect(provider.detect?.({})).toEqual({ available: true, reason: `the file ${path} holds a token` });
  });

  it("is unavailable when the file does not exist", async () => {
    const provider = oidcToken({ file: join(scratch, "missing"), writer: "the sidecar" });
    expect(provider.detect?.({})).toMatchObject({ available: false });
    const error = await rejectionOf(provider.getAssertion(context));
    expect(error).toBeInstanceOf(CredentialUnavailableError);
    expect(String(error)).toContain("does not exist; the sidecar writes the OIDC token there");
  });

  it("refuses a FIFO at once, without blocking", async () => {
    const fifo = join(scratch, "fifo");
    execFileSync("mkfifo", [fifo]);
    const started = Date.now();
    const error = await rejectionOf(oidcToken({ file: fifo }).getAssertion(context));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toMatchObject({ name: "OidcTokenError", problem: "unreadable" });
    expect(String(error)).toMatch(/FIFO|pipe/i);
  });

  it("refuses a file larger than 64 KiB", async () => {
    const path = await fileWith("x".repeat(65 * 1024), "large");
    const error = await rejectionOf(oidcToken({ file: path }).getAssertion(context));
    expect(error).toMatchObject({ name: "OidcTokenError", problem: "unreadable" });
  });

  it.runIf(process.getuid?.() !== 0)("says to let the process read a file it may not", async () => {
    const path = await fileWith(token, "private");
    await chmod(path, 0o000);
    const error = await rejectionOf(oidcToken({ file: path }).getAssertion(context));
    expect(String(error)).toContain("cannot be read (EACCES)");
    expectNoSecrets(exposedText(error), [token]);
  });
});

describe("oidcToken() checks the token", () => {
  it("refuses an empty place", async () => {
    const error = await rejectionOf(oidcToken({ file: await fileWith("\n", "empty") }).getAssertion(context));
    expect(error).toMatchObject({ name: "OidcTokenError", problem: "empty" });
  });

  it("refuses something that is not a JWT, naming the place and never the content", async () => {
    const secret = "hunter2-not-a-jwt-secret";
    const provider = oidcToken({ variable: "OIDC_TOKEN", env: { OIDC_TOKEN: secret } });
    const error = await rejectionOf(provider.getAssertion(context));
    expect(error).toBeInstanceOf(AssertionFetchError);
    expect(error).toMatchObject({
      name: "OidcTokenError",
      problem: "not-a-jwt",
      source: "variable OIDC_TOKEN",
    });
    expectNoSecrets(exposedText(error), [secret]);
  });

  it("refuses an expired token: its writer must refresh it, azfed cannot", async () => {
    const expired = await issuer.mint({ sub: "deploy-agent", aud: AUDIENCE }, { expired: true });
    const provider = oidcToken({ file: await fileWith(expired, "expired"), writer: "the deploy agent" });
    const error = await rejectionOf(provider.getAssertion(context));
    expect(error).toBeInstanceOf(OidcTokenError);
    expect(error).toMatchObject({ problem: "expired" });
    expect(String(error)).toContain("the deploy agent writes it and azfed cannot refresh it");
    expectNoSecrets(exposedText(error), [expired]);
  });

  it("sees a token expire by its clock", async () => {
    let now = Date.now();
    const provider = oidcToken({ variable: "OIDC_TOKEN", env: { OIDC_TOKEN: token }, clock: () => now });
    await expect(provider.getAssertion(context)).resolves.toBe(token);
    now += 3_600_000;
    await expect(provider.getAssertion(context)).rejects.toMatchObject({ problem: "expired" });
  });
});

describe("oidcToken() without a place: AZFED_OIDC_TOKEN_FILE or AZFED_OIDC_TOKEN_VARIABLE", () => {
  it("reads the variable AZFED_OIDC_TOKEN_VARIABLE names", async () => {
    const env = { AZFED_OIDC_TOKEN_VARIABLE: "AGENT_TOKEN", AGENT_TOKEN: token };
    await expect(oidcToken({ env }).getAssertion(context)).resolves.toBe(token);
    expect(oidcToken().detect?.(env)).toMatchObject({ available: true });
  });

  it("reads the file AZFED_OIDC_TOKEN_FILE names", async () => {
    const env = { AZFED_OIDC_TOKEN_FILE: await fileWith(token, "from-env") };
    await expect(oidcToken({ env }).getAssertion(context)).resolves.toBe(token);
  });

  it("says which variables to set when neither is, and refuses both", async () => {
    expect(oidcToken().detect?.({})).toEqual({
      available: false,
      reason: expect.stringContaining("neither AZFED_OIDC_TOKEN_FILE nor AZFED_OIDC_TOKEN_VARIABLE is set"),
    });
    const both = { AZFED_OIDC_TOKEN_FILE: "/x", AZFED_OIDC_TOKEN_VARIABLE: "Y" };
    expect(oidcToken().detect?.(both)).toMatchObject({
      available: false,
      reason: expect.stringContaining("set one"),
    });
    await expect(oidcToken({ env: both }).getAssertion(context)).rejects.toBeInstanceOf(
      CredentialUnavailableError,
    );
  });

  it("refuses the token itself in AZFED_OIDC_TOKEN_VARIABLE, without showing it", async () => {
    const env = { AZFED_OIDC_TOKEN_VARIABLE: token };
    const error = await rejectionOf(oidcToken({ env }).getAssertion(context));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(String(error)).toContain("the NAME of the variable");
    expectNoSecrets(exposedText(error), [token]);
    expect(oidcToken().detect?.(env)).toMatchObject({ available: false });
  });
});
