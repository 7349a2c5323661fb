// A token file written or copied on Windows: CRLF or a UTF-8 byte-order mark around the token, a path
// with spaces. kubelet writes the bare token, but people test with files they made themselves.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type KubernetesTokenFile, startKubernetesTokenFile } from "@azfed/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kubernetes } from "../src/index";

const context = { audience: "api://AzureADTokenExchange" };
let tokenFile: KubernetesTokenFile;
let scratch: string;

beforeAll(async () => {
  tokenFile = await startKubernetesTokenFile({ autoRotate: false });
  scratch = await mkdtemp(join(tmpdir(), "azfed k8s line endings "));
});
afterAll(async () => {
  await tokenFile.close();
  await rm(scratch, { recursive: true, force: true });
});

describe("kubernetes() reads a token file written on Windows", () => {
  it.each([
    ["CRLF after the token", (token: string) => `${token}\r\n`],
    ["CRLF before and after", (token: string) => `\r\n${token}\r\n`],
    ["a UTF-8 byte-order mark", (token: string) => `\uFEFF${token}\r\n`],
  ])("%s", async (name, write) => {
    const path = join(scratch, `${name.replace(/\W+/g, "-")} token`);
    await writeFile(path, write(tokenFile.current.token), "utf8");
    const provider = kubernetes({ tokenFilePath: path });
    expect(provider.detect({ ...tokenFile.env(), AZURE_FEDERATED_TOKEN_FILE: path }).available).toBe(true);
    expect(await provider.getAssertion(context)).toBe(tokenFile.current.token);
  });
});
