// A user's project compiled against azfed's published type declarations (each package's dist, as
// npm installs it), in every common setting: ECMAScript modules and CommonJS, `node16` and `bundler`
// resolution, with `skipLibCheck: false` and `exactOptionalPropertyTypes` on. The consumer passes
// `process.env` values (string | undefined) to every options type, as the guides do, and marks two
// misuses with @ts-expect-error, so that types which accepted anything would fail here too.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const tsc = createRequire(join(repoRoot, "package.json")).resolve("typescript/bin/tsc");
const PACKAGES = [
  "core",
  "identity",
  "github",
  "gitlab",
  "azure-pipelines",
  "kubernetes",
  "gcp",
  "managed-identity",
  "testing",
  "cli",
];

const CONSUMER = `import { DefaultFederatedCredential } from "@azfed/identity";
import { FederatedTokenCredential, validateFederatedIdentityCredential } from "@azfed/core";
import { githubActions, githubFederatedCredential } from "@azfed/github";
import { gitlab } from "@azfed/gitlab";
import { azurePipelines } from "@azfed/azure-pipelines";
import { kubernetes } from "@azfed/kubernetes";
import { gcp } from "@azfed/gcp";
import { managedIdentity, type ManagedIdentityOptions } from "@azfed/managed-identity";
import { type KubernetesSubjectOptions, kubernetesSubject } from "@azfed/identity/kubernetes";
import { startEntraEmulator, type JwtClaims } from "@azfed/testing";
import { runCli } from "@azfed/cli";

const env = process.env;
export const identity = new DefaultFederatedCredential({
  tenantId: env.AZURE_TENANT_ID,
  clientId: env.AZURE_CLIENT_ID,
  authorityHost: env.AZURE_AUTHORITY_HOST,
});
export const federated = new FederatedTokenCredential({
  tenantId: env.AZURE_TENANT_ID,
  clientId: env.AZURE_CLIENT_ID,
  audience: env.AUDIENCE,
  assertion: githubActions({ timeoutMs: undefined }),
});
const miOptions: ManagedIdentityOptions = { clientId: env.MI_CLIENT_ID };
export const providers = [
  gitlab({ tokenVariable: env.TOKEN_VARIABLE }),
  azurePipelines({ serviceConnectionId: env.CONNECTION_ID }),
  kubernetes({ tokenFilePath: env.AZURE_FEDERATED_TOKEN_FILE }),
  gcp({ timeoutMs: undefined }),
  managedIdentity(miOptions),
];
export const problems = validateFederatedIdentityCredential(
  githubFederatedCredential({ repository: "contoso/app", branch: "main" }),
);
const podOptions: KubernetesSubjectOptions = { namespace: env.NAMESPACE ?? "apps", serviceAccount: "web" };
export const podSubject: string = kubernetesSubject(podOptions);
export const claims: JwtClaims = { sub: "system:serviceaccount:apps:web", aud: ["api://AzureADTokenExchange"] };
export const emulator = startEntraEmulator;
export const cli = runCli;

// @ts-expect-error tenantId is a string, not a number
export const wrongTenant = new DefaultFederatedCredential({ tenantId: 42 });
// @ts-expect-error a provider needs getAssertion
export const wrongProvider = new FederatedTokenCredential({ assertion: { name: "x" } });
`;

interface Variant {
  readonly name: string;
  readonly packageType: "module" | "commonjs";
  readonly compilerOptions: Readonly<Record<string, string>>;
}

const VARIANTS: readonly Variant[] = [
  { name: "ESM, module node16", packageType: "module", compilerOptions: { module: "node16" } },
  { name: "CommonJS, module node16", packageType: "commonjs", compilerOptions: { module: "node16" } },
  {
    name: "ESM, bundler resolution",
    packageType: "module",
    compilerOptions: { module: "esnext", moduleResolution: "bundler" },
  },
  {
    name: "CommonJS, module preserve + bundler",
    packageType: "commonjs",
    compilerOptions: { module: "preserve", moduleResolution: "bundler" },
  },
];

const workDirs: string[] = [];
afterAll(() => {
  for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
});

/** A consumer project in a fresh folder whose node_modules links azfed's packages and @types/node. */
function consumerProject(variant: Variant): string {
  const dir = mkdtempSync(join(tmpdir(), "azfed-consumer-"));
  workDirs.push(dir);
  mkdirSync(join(dir, "node_modules", "@azfed"), { recursive: true });
  mkdirSync(join(dir, "node_modules", "@types"), { recursive: true });
  for (const name of PACKAGES)
    symlinkSync(join(repoRoot, "packages", name), join(dir, "node_modules", "@azfed", name), "dir");
  symlinkSync(
    join(repoRoot, "node_modules", "@types", "node"),
    join(dir, "node_modules", "@types", "node"),
    "dir",
  );
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, type: variant.packageType }));
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "es2022",
        strict: true,
        exactOptionalPropertyTypes: true,
        skipLibCheck: false,
        noEmit: true,
        types: ["node"],
        ...variant.compilerOptions,
      },
      files: ["consumer.ts"],
    }),
  );
  writeFileSync(join(dir, "consumer.ts"), CONSUMER);
  return dir;
}

function compile(dir: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [tsc, "-p", dir], { cwd: dir, timeout: 180_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

describe("a consumer project compiles against the published types", () => {
  it.each(VARIANTS)(
    "$name, strict, exactOptionalPropertyTypes, skipLibCheck false",
    async (variant) => {
      const { code, output } = await compile(consumerProject(variant));
      expect(output).toBe("");
      expect(code).toBe(0);
    },
    240_000,
  );

  it("fails on a type error, so the compilations above can fail", async () => {
    const dir = consumerProject(VARIANTS[0] as Variant);
    writeFileSync(join(dir, "consumer.ts"), `${CONSUMER}\nexport const broken: string = 42;\n`);
    const { code, output } = await compile(dir);
    expect(code).not.toBe(0);
    expect(output).toContain("TS2322");
  }, 240_000);
});
