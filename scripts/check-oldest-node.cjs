// Checks the oldest Node.js that `engines` claims (CI runs this file with Node.js 20.19.0): every
// package's built CommonJS entry loads with require() and its ECMAScript module entry with import(),
// both exporting the same names; then, from the CommonJS builds alone, DefaultFederatedCredential
// gets a token for a GitHub Actions job from @azfed/testing's emulators on 127.0.0.1.
// Run after `pnpm build`: node scripts/check-oldest-node.cjs
"use strict";
const { randomUUID } = require("node:crypto");
const { existsSync, readdirSync } = require("node:fs");
const { join } = require("node:path");
const { pathToFileURL } = require("node:url");

const packagesDir = join(__dirname, "..", "packages");

async function loadEveryPackage() {
  const names = readdirSync(packagesDir).filter((name) =>
    existsSync(join(packagesDir, name, "package.json")),
  );
  for (const name of names) {
    const dir = join(packagesDir, name);
    const { exports: entries } = require(join(dir, "package.json"));
    // Every entry point: "." and each subpath (@azfed/core/provider, @azfed/identity/github, ...).
    const subpaths = Object.keys(entries ?? { ".": null }).filter((key) => key !== "./package.json");
    for (const subpath of subpaths) {
      const label = `@azfed/${name}${subpath === "." ? "" : subpath.slice(1)}`;
      const entry = entries?.[subpath];
      const commonJsFile = entry ? join(dir, entry.require.default) : dir;
      const esModuleFile = entry ? join(dir, entry.import.default) : join(dir, "dist", "index.js");
      const commonJs = Object.keys(require(commonJsFile)).sort();
      const esModule = Object.keys(await import(pathToFileURL(esModuleFile).href))
        .filter((key) => key !== "default")
        .sort();
      if (commonJs.length === 0) throw new Error(`${label}: require() gave no exports`);
      if (commonJs.join() !== esModule.join()) {
        throw new Error(`${label}: the CommonJS and ESM builds export different names`);
      }
      console.log(`${label}: require() and import() load, ${commonJs.length} exports each`);
    }
  }
}

async function getTokenFromBuiltPackages() {
  const testing = require(join(packagesDir, "testing"));
  const { DefaultFederatedCredential } = require(join(packagesDir, "identity"));
  const { githubFederatedCredential } = require(join(packagesDir, "identity", "dist", "github.cjs"));
  const ca = await testing.testCertificateAuthority();
  const entra = await testing.startEntraEmulator({ ca });
  const github = await testing.startGitHubActionsEmulator({
    ca,
    job: { repository: "contoso/app", ref: "refs/heads/main" },
  });
  try {
    const tenantId = randomUUID();
    const clientId = randomUUID();
    const fic = githubFederatedCredential({
      repository: "contoso/app",
      branch: "main",
      issuer: github.issuer,
    });
    entra.addApplication({
      clientId,
      tenantId,
      federatedCredentials: [
        { name: fic.name, issuer: fic.issuer, subject: fic.subject, audiences: [...fic.audiences] },
      ],
    });
    const credential = new DefaultFederatedCredential({
      env: {
        ...github.env(),
        AZURE_TENANT_ID: tenantId,
        AZURE_CLIENT_ID: clientId,
        AZURE_AUTHORITY_HOST: entra.url,
      },
      dispatcher: ca.dispatcher,
    });
    const token = await credential.getToken("https://storage.azure.com/.default");
    if (typeof token?.token !== "string" || token.expiresOnTimestamp <= Date.now()) {
      throw new Error("DefaultFederatedCredential gave no usable token");
    }
    console.log("DefaultFederatedCredential (CommonJS build): a token from the Entra emulator");
  } finally {
    await Promise.all([entra.close(), github.close()]);
  }
}

async function main() {
  console.log(`Node.js ${process.version}`);
  await loadEveryPackage();
  await getTokenFromBuiltPackages();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
