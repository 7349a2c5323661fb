import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TEST_CA_DIRECTORY_ENV, testCertificateAuthority } from "@azfed/testing";

/**
 * Creates one test CA on disk before vitest forks its workers, and makes every worker (and every
 * process they spawn) load it (`AZFED_TEST_CA_DIR`) and trust it (`NODE_EXTRA_CA_CERTS`, which Node
 * reads at process start, so it must be set here and not inside a test). `@azure/storage-blob`'s
 * HTTP client then trusts Azurite and the emulators without any TLS check being disabled. A CA
 * directory or extra-CA file already set by the caller is kept.
 */
export default async function setup(): Promise<() => void> {
  const scratch = mkdtempSync(join(tmpdir(), "azfed-identity-ca-"));
  const previous = { directory: process.env[TEST_CA_DIRECTORY_ENV], extra: process.env.NODE_EXTRA_CA_CERTS };
  const directory = previous.directory || scratch;
  const ca = await testCertificateAuthority({ directory });

  let trusted = ca.certificatePath;
  if (previous.extra && previous.extra !== ca.certificatePath && existsSync(previous.extra)) {
    // NODE_EXTRA_CA_CERTS names one file: bundle the caller's certificates with ours.
    trusted = join(scratch, "extra-ca-bundle.pem");
    writeFileSync(trusted, `${readFileSync(previous.extra, "utf8").trim()}\n${ca.certificatePem}`);
  }
  process.env[TEST_CA_DIRECTORY_ENV] = directory;
  process.env.NODE_EXTRA_CA_CERTS = trusted;

  // Workers may still start while vitest shuts down: the files go when this process exits.
  process.once("exit", () => rmSync(scratch, { recursive: true, force: true }));
  return () => {
    restore(TEST_CA_DIRECTORY_ENV, previous.directory);
    restore("NODE_EXTRA_CA_CERTS", previous.extra);
  };
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
