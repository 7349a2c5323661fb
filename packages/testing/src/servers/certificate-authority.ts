import { existsSync, rmSync, writeFileSync } from "node:fs";
import { mkdir, open, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import forge from "node-forge";
import { Agent, type Dispatcher } from "undici";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import {
  type CaMaterial,
  checkHosts,
  DAY_MS,
  generateCaMaterial,
  generatePrivateKeyPem,
  signServerCertificate,
} from "./certificate-signing";
import { createPidOwnedTemporaryDirectory } from "./pid-owned-directory";

/**
 * A throwaway certificate authority for tests: it signs the HTTPS certificates of every emulator in
 * the process, so one {@link TestCertificateAuthority.dispatcher} (or one `NODE_EXTRA_CA_CERTS`
 * file for child processes) trusts them all and no test ever disables TLS verification.
 *
 * @example
 * ```ts
 * import { fetch } from "undici";
 * const ca = await testCertificateAuthority();
 * const server = await startHttpsServer((req, res) => res.end("ok"), { ca });
 * const response = await fetch(server.url, { dispatcher: ca.dispatcher });
 * ```
 */
export interface TestCertificateAuthority {
  /** The CA certificate, PEM. */
  readonly certificatePem: string;
  /**
   * A file holding {@link TestCertificateAuthority.certificatePem}, usable as `NODE_EXTRA_CA_CERTS`.
   * For an in-memory CA it is written at first read, to `azfed-test-ca-<pid>-*` in the temporary
   * directory, removed when the process exits (or, if it is killed, by the next process that writes one).
   */
  readonly certificatePath: string;
  /** An undici `Agent` that trusts this CA (and only it); pass it as `fetch(url, { dispatcher })`. */
  readonly dispatcher: Dispatcher;
  /**
   * Issues a server certificate signed by this CA for the given IP addresses and DNS names
   * (default `["127.0.0.1", "localhost", "::1"]`). Certificates are memoised per host list.
   */
  issueServerCertificate(hosts?: readonly string[]): ServerCertificate;
}

/**
 * A server certificate and its private key, both PEM, as `https.createServer({ cert, key })` takes them.
 *
 * @example
 * ```ts
 * const { certificatePem, privateKeyPem } = ca.issueServerCertificate(["127.0.0.1"]);
 * https.createServer({ cert: certificatePem, key: privateKeyPem }, handler);
 * ```
 */
export interface ServerCertificate {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

/**
 * Where {@link testCertificateAuthority} keeps the CA.
 *
 * @example
 * ```ts
 * const options: TestCertificateAuthorityOptions = { directory: ".ci/out/test-ca" };
 * ```
 */
export interface TestCertificateAuthorityOptions {
  /**
   * A directory for `ca.pem` and `ca-key.pem`: loaded when present, created and written when absent.
   * Default: the `AZFED_TEST_CA_DIR` environment variable; without either, the CA lives in memory
   * (its certificate is written to a temporary file only when `certificatePath` is read).
   */
  readonly directory?: string | undefined;
}

/**
 * The environment variable naming a directory with a shared `ca.pem` and `ca-key.pem`
 * (`AZFED_TEST_CA_DIR`), read by {@link testCertificateAuthority}.
 *
 * @example
 * ```ts
 * // vitest globalSetup: create the CA once, let every worker and child process share it
 * export default async function setup() {
 *   process.env[TEST_CA_DIRECTORY_ENV] = join(tmpdir(), "azfed-test-ca");
 *   await testCertificateAuthority();
 * }
 * ```
 */
export const TEST_CA_DIRECTORY_ENV = "AZFED_TEST_CA_DIR";

const CERTIFICATE_FILE = "ca.pem";
const KEY_FILE = "ca-key.pem";
const LOCK_FILE = "ca.lock";
const TEMPORARY_DIRECTORY_PREFIX = "azfed-test-ca";
const DEFAULT_SERVER_HOSTS = ["127.0.0.1", "localhost", "::1"] as const;
const LOCK_WAIT_MS = 30_000;

const authorities = new Map<string, Promise<TestCertificateAuthority>>();

/**
 * The process's test certificate authority, created at first use and memoised (one per directory).
 * With `options.directory` or `AZFED_TEST_CA_DIR`, the CA in `ca.pem` + `ca-key.pem` there is loaded,
 * or generated and written there when absent, so a vitest `globalSetup` and every worker or child
 * process share one CA.
 *
 * @example
 * ```ts
 * const ca = await testCertificateAuthority();
 * const child = spawn(process.execPath, ["client.js"], {
 *   env: { ...process.env, NODE_EXTRA_CA_CERTS: ca.certificatePath },
 * });
 * ```
 */
export function testCertificateAuthority(
  options: TestCertificateAuthorityOptions = {},
): Promise<TestCertificateAuthority> {
  const directory = options.directory ?? (process.env[TEST_CA_DIRECTORY_ENV] || undefined);
  if (directory !== undefined && (typeof directory !== "string" || directory.trim() === "")) {
    throw new InvalidEmulatorOptionError({
      field: options.directory !== undefined ? "directory" : TEST_CA_DIRECTORY_ENV,
      value: directory,
      expected: "a directory path for ca.pem and ca-key.pem",
      fix: "pass a writable directory, or leave it unset for an in-memory CA",
    });
  }
  const key = directory === undefined ? "" : resolve(directory);
  let authority = authorities.get(key);
  if (authority === undefined) {
    authority = key === "" ? createInMemoryAuthority() : loadOrCreateAuthority(key);
    authorities.set(key, authority);
    authority.catch(() => authorities.delete(key));
  }
  return authority;
}

/**
 * A new in-memory certificate authority, unrelated to {@link testCertificateAuthority}'s: for a
 * server that must be trusted only through its own CA (the AKS identity binding proxy emulator),
 * and for tests that present the wrong CA. Not memoised: each call makes another CA.
 *
 * @example
 * ```ts
 * const own = await separateCertificateAuthority();
 * const server = await startHttpsServer((req, res) => res.end("ok"), { ca: own });
 * // fetch(server.url, { dispatcher: (await testCertificateAuthority()).dispatcher }) fails: another CA
 * ```
 */
export function separateCertificateAuthority(): Promise<TestCertificateAuthority> {
  return createInMemoryAuthority();
}

async function createInMemoryAuthority(): Promise<TestCertificateAuthority> {
  const [material, serverKeyPem] = await Promise.all([generateCaMaterial(), generatePrivateKeyPem()]);
  let certificatePath: string | undefined;
  // Written only when a caller asks for the file (most use only the dispatcher), in a directory named
  // after this process so that a later process removes it if this one is killed before it exits.
  const writeCertificateFile = (): string => {
    if (certificatePath === undefined) {
      const directory = createPidOwnedTemporaryDirectory(TEMPORARY_DIRECTORY_PREFIX);
      process.once("exit", () => rmSync(directory, { recursive: true, force: true }));
      certificatePath = join(directory, CERTIFICATE_FILE);
      writeFileSync(certificatePath, material.certificatePem);
    }
    return certificatePath;
  };
  return buildAuthority(material, writeCertificateFile, serverKeyPem);
}

async function loadOrCreateAuthority(directory: string): Promise<TestCertificateAuthority> {
  const serverKey = generatePrivateKeyPem();
  const material = (await readCaMaterial(directory)) ?? (await writeCaMaterial(directory));
  const certificatePath = join(directory, CERTIFICATE_FILE);
  return buildAuthority(material, () => certificatePath, await serverKey);
}

async function readCaMaterial(directory: string): Promise<CaMaterial | undefined> {
  const certificatePath = join(directory, CERTIFICATE_FILE);
  const keyPath = join(directory, KEY_FILE);
  if (!existsSync(certificatePath)) return undefined;
  const [certificatePem, privateKeyPem] = await Promise.all([
    readFile(certificatePath, "utf8"),
    readFile(keyPath, "utf8").catch((cause: unknown) => {
      throw new InvalidEmulatorOptionError({
        field: "directory",
        value: directory,
        expected: `${KEY_FILE} next to ${CERTIFICATE_FILE}`,
        fix: `delete ${certificatePath} so a new CA is generated, or add the CA's private key as ${keyPath}`,
        cause,
      });
    }),
  ]);
  checkCaMaterial({ certificatePem, privateKeyPem }, directory);
  return { certificatePem, privateKeyPem };
}

/** Generates a CA and writes it; only one process writes, the others wait for its files. */
async function writeCaMaterial(directory: string): Promise<CaMaterial> {
  await mkdir(directory, { recursive: true });
  const lockPath = join(directory, LOCK_FILE);
  let lock: Awaited<ReturnType<typeof open>>;
  try {
    lock = await open(lockPath, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return waitForCaMaterial(directory, lockPath);
  }
  try {
    const existing = await readCaMaterial(directory);
    if (existing) return existing;
    const material = await generateCaMaterial();
    const suffix = `.${process.pid}.tmp`;
    await writeFile(join(directory, KEY_FILE + suffix), material.privateKeyPem, { mode: 0o600 });
    await writeFile(join(directory, CERTIFICATE_FILE + suffix), material.certificatePem);
    await rename(join(directory, KEY_FILE + suffix), join(directory, KEY_FILE));
    // ca.pem appears last: readers take its presence to mean both files are complete.
    await rename(join(directory, CERTIFICATE_FILE + suffix), join(directory, CERTIFICATE_FILE));
    return material;
  } finally {
    await lock.close();
    await rm(lockPath, { force: true });
  }
}

async function waitForCaMaterial(directory: string, lockPath: string): Promise<CaMaterial> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  while (Date.now() < deadline) {
    const material = await readCaMaterial(directory);
    if (material) return material;
    if (!existsSync(lockPath)) return writeCaMaterial(directory);
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new InvalidEmulatorOptionError({
    field: "directory",
    value: directory,
    expected: `another process to finish writing ${CERTIFICATE_FILE} within ${LOCK_WAIT_MS / 1000} s`,
    fix: `delete the stale lock file ${lockPath}`,
  });
}

function checkCaMaterial(material: CaMaterial, directory: string): void {
  let certificate: forge.pki.Certificate;
  let privateKey: forge.pki.rsa.PrivateKey;
  try {
    certificate = forge.pki.certificateFromPem(material.certificatePem);
    privateKey = forge.pki.privateKeyFromPem(material.privateKeyPem) as forge.pki.rsa.PrivateKey;
  } catch (cause) {
    throw new InvalidEmulatorOptionError({
      field: "directory",
      value: directory,
      expected: `a PEM RSA CA certificate in ${CERTIFICATE_FILE} and its PEM RSA private key in ${KEY_FILE}`,
      fix: "delete both files so a new CA is generated",
      cause,
    });
  }
  const publicKey = certificate.publicKey as forge.pki.rsa.PublicKey;
  if (publicKey.n.compareTo(privateKey.n) !== 0) {
    throw new InvalidEmulatorOptionError({
      field: "directory",
      value: directory,
      expected: `${KEY_FILE} to be the private key of the certificate in ${CERTIFICATE_FILE}`,
      fix: "delete both files so a new CA is generated",
    });
  }
  if (certificate.validity.notAfter.getTime() < Date.now() + DAY_MS) {
    throw new InvalidEmulatorOptionError({
      field: "directory",
      value: directory,
      expected: `a CA certificate valid for at least another day (it expires ${certificate.validity.notAfter.toISOString()})`,
      fix: "delete both files so a new CA is generated",
    });
  }
}

function buildAuthority(
  material: CaMaterial,
  certificateFile: () => string,
  serverKeyPem: string,
): TestCertificateAuthority {
  const caCertificate = forge.pki.certificateFromPem(material.certificatePem);
  const caKey = forge.pki.privateKeyFromPem(material.privateKeyPem);
  const serverKey = forge.pki.privateKeyFromPem(serverKeyPem) as forge.pki.rsa.PrivateKey;
  const serverPublicKey = forge.pki.setRsaPublicKey(serverKey.n, serverKey.e);
  const issued = new Map<string, ServerCertificate>();
  const dispatcher = new Agent({ connect: { ca: material.certificatePem } });

  return {
    certificatePem: material.certificatePem,
    get certificatePath() {
      return certificateFile();
    },
    dispatcher,
    issueServerCertificate(hosts: readonly string[] = DEFAULT_SERVER_HOSTS): ServerCertificate {
      checkHosts(hosts);
      const key = hosts.join(" ");
      let certificate = issued.get(key);
      if (!certificate) {
        certificate = {
          certificatePem: signServerCertificate(hosts, serverPublicKey, caCertificate, caKey),
          privateKeyPem: serverKeyPem,
        };
        issued.set(key, certificate);
      }
      return certificate;
    },
  };
}
