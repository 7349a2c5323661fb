import { existsSync } from "node:fs";
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type KubernetesTokenFile,
  type OidcIssuer,
  startKubernetesTokenFile,
  startOidcIssuer,
} from "../src/index";

let issuer: OidcIssuer;
let tokenFile: KubernetesTokenFile;
let scratch: string;

beforeAll(async () => {
  issuer = await startOidcIssuer({ path: "/tenant/cluster", trailingSlash: true });
});
afterAll(() => issuer?.close());
beforeEach(async () => {
  tokenFile = await startKubernetesTokenFile({ autoRotate: false, issuer });
  scratch = await mkdtemp(join(tmpdir(), "azfed-k8s-volume-test-"));
});
afterEach(async () => {
  await tokenFile.close();
  await rm(scratch, { recursive: true, force: true });
});

describe("the emulated projected token volume", () => {
  it("is laid out like kubelet's projected volume", async () => {
    expect((await lstat(tokenFile.path)).isSymbolicLink()).toBe(true);
    expect(await readlink(tokenFile.path)).toBe(join("..data", "token"));
    const data = await readlink(join(tokenFile.directory, "..data"));
    expect(data).toMatch(/^\.\.\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_\d{2}\.\d{9}$/);
    await tokenFile.rotate();
    expect(await readlink(join(tokenFile.directory, "..data"))).not.toBe(data);
    const entries = await readdir(tokenFile.directory);
    expect(entries.filter((entry) => /^\.\.\d/.test(entry))).toHaveLength(1);
    expect(await readFile(tokenFile.path, "utf8")).toBe(tokenFile.current.token);
  });

  it("rotates at 80% of the token's lifetime like kubelet", async () => {
    const rotating = await startKubernetesTokenFile({ lifetimeSeconds: 2, issuer });
    try {
      const first = await readFile(rotating.path, "utf8");
      // 80% of 2 s after the first token's iat (whole seconds): at most 1.6 s from now.
      const giveUpAt = Date.now() + 5_000;
      while (rotating.rotations === 0 && Date.now() < giveUpAt)
        await new Promise((done) => setTimeout(done, 50));
      expect(rotating.rotations).toBe(1);
      const [firstWritten, secondWritten] = rotating.history;
      expect(firstWritten?.token).toBe(first);
      expect(secondWritten?.issuedAt).toBeGreaterThanOrEqual((firstWritten?.issuedAt ?? 0) + 1);
      expect(secondWritten?.issuedAt).toBeLessThan(firstWritten?.expiresAt ?? 0);
      const current = await readFile(rotating.path, "utf8");
      expect(current).not.toBe(first);
      expect(current).toBe(rotating.current.token);
    } finally {
      await rotating.close();
    }
  });

  it("removes its files on close", async () => {
    const other = await startKubernetesTokenFile({ autoRotate: false, issuer });
    await other.close();
    expect(existsSync(other.directory)).toBe(false);
    const kept = join(scratch, "volume");
    await mkdir(kept);
    const inside = await startKubernetesTokenFile({ directory: kept, autoRotate: false, issuer });
    await inside.close();
    expect(existsSync(kept)).toBe(true);
    expect(existsSync(join(kept, "token"))).toBe(false);
  });
});
