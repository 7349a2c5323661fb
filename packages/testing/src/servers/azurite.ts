import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import { type TestCertificateAuthority, testCertificateAuthority } from "./certificate-authority";
import { limitChildWork } from "./child-work-limit";

/**
 * The account every Azurite instance serves, with its well-known name.
 *
 * @example
 * ```ts
 * const azurite = await startAzurite();
 * const blobs = blobServiceClientTrusting(storageBlob, { ca, accountUrl: azurite.accountUrl, credential }); // …/devstoreaccount1
 * console.log(AZURITE_ACCOUNT_NAME); // "devstoreaccount1"
 * ```
 */
export const AZURITE_ACCOUNT_NAME = "devstoreaccount1";

/**
 * Options of {@link startAzurite}.
 *
 * @example
 * ```ts
 * const options: AzuriteOptions = { resolveFrom: fileURLToPath(new URL(".", import.meta.url)) };
 * ```
 */
export interface AzuriteOptions {
  /**
   * A directory from which the `azurite` package resolves (Azurite is not a dependency of
   * `@azfed/testing`: add `azurite` to your own devDependencies). Default: the current directory.
   */
  readonly resolveFrom?: string | undefined;
  /** The blob port. Default 0: any free port. */
  readonly port?: number | undefined;
  /** The CA that signs Azurite's HTTPS certificate. Default: {@link testCertificateAuthority}(). */
  readonly ca?: TestCertificateAuthority | undefined;
  /**
   * How long Azurite may work on starting before it listens: counted in the CPU time it uses where
   * the system reports it (Linux), so a loaded machine, on which Azurite waits for a core, does not
   * fail it (it uses about 3 s of CPU and takes 7 s on the clock on an idle 2-core machine, 20 s when
   * it gets a quarter of a core); a wall-clock backstop of five times the limit; elsewhere
   * wall-clock time. Default 20 s.
   */
  readonly startTimeoutMs?: number | undefined;
}

/**
 * A running Azurite blob service: HTTPS on 127.0.0.1 with a certificate from the test CA, in-memory
 * storage, and `--oauth basic` so it accepts the Entra emulator's access tokens as bearer tokens.
 *
 * @example
 * ```ts
 * const azurite = await startAzurite({ resolveFrom: process.cwd() });
 * const service = blobServiceClientTrusting(storageBlob, { ca, accountUrl: azurite.accountUrl, credential });
 * await azurite.close();
 * ```
 */
export interface RunningAzurite {
  /** `https://127.0.0.1:PORT`, without a trailing slash. */
  readonly url: string;
  /** The blob account URL a `BlobServiceClient` takes: `https://127.0.0.1:PORT/devstoreaccount1`. */
  readonly accountUrl: string;
  readonly accountName: typeof AZURITE_ACCOUNT_NAME;
  readonly port: number;
  /** The Azurite process id. */
  readonly pid: number;
  /** What Azurite printed so far (start-up lines; access logs are off). */
  output(): string;
  /** Stops Azurite (SIGTERM, then SIGKILL after 5 s; it exits within a second) and removes its working directory. */
  close(): Promise<void>;
}

const LISTENING = /successfully listens on (https:\/\/[^\s]+)/;

/**
 * Starts Azurite's blob service (the `azurite-blob` program of the `azurite` package, 3.35.0 runs on
 * Node 20) as a child process on 127.0.0.1 over HTTPS, with OAuth basic checks: a bearer token must
 * be a JWT with `iss` `https://sts.windows.net/{tenant}/`, `aud` `https://storage.azure.com`, and be
 * within its `nbf`/`exp` (the signature is not checked). Clients must trust the test CA: in this
 * process through {@link blobServiceClientTrusting}, in a child process with `NODE_EXTRA_CA_CERTS` set
 * to `ca.certificatePath` when it starts.
 *
 * @example
 * ```ts
 * const ca = await testCertificateAuthority();
 * const azurite = await startAzurite({ ca, resolveFrom: process.cwd() });
 * console.log(azurite.accountUrl); // "https://127.0.0.1:41873/devstoreaccount1"
 * await azurite.close();
 * ```
 */
export async function startAzurite(options: AzuriteOptions = {}): Promise<RunningAzurite> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidEmulatorOptionError({
      field: "port",
      value: port,
      expected: "an integer from 0 to 65535",
      fix: "pass 0 (or nothing) to get a free port",
    });
  }
  const startTimeoutMs = options.startTimeoutMs ?? 20_000;
  const program = azuriteBlobProgram(options.resolveFrom ?? process.cwd());
  const ca = options.ca ?? (await testCertificateAuthority());
  const { certificatePem, privateKeyPem } = ca.issueServerCertificate(["127.0.0.1", "localhost"]);

  const workDirectory = mkdtempSync(join(tmpdir(), "azfed-azurite-"));
  const certificatePath = join(workDirectory, "cert.pem");
  const keyPath = join(workDirectory, "key.pem");
  writeFileSync(certificatePath, certificatePem);
  writeFileSync(keyPath, privateKeyPem, { mode: 0o600 });
  const removeWorkDirectory = () => rmSync(workDirectory, { recursive: true, force: true });
  // Loaded into Azurite's process: when this process goes away without stopping it (killed by a
  // signal, so no "exit" handler ran), the IPC channel closes and Azurite exits and cleans up too.
  const parentWatch = join(workDirectory, "exit-with-parent.cjs");
  writeFileSync(
    parentWatch,
    // unref: the channel alone must not keep Azurite alive, or SIGTERM's graceful close never ends
    // the process and close() waits 5 s for its SIGKILL.
    'process.channel?.unref(); process.on("disconnect", () => { require("node:fs").rmSync(process.cwd(), { recursive: true, force: true }); process.exit(0); });\n',
  );

  const child = spawn(
    process.execPath,
    [
      "--require",
      parentWatch,
      program,
      "--blobHost",
      "127.0.0.1",
      "--blobPort",
      String(port),
      "--oauth",
      "basic",
      "--cert",
      certificatePath,
      "--key",
      keyPath,
      "--disableTelemetry",
      "--skipApiVersionCheck",
      "--inMemoryPersistence",
      "--extentMemoryLimit",
      "64",
      "--silent",
    ],
    { cwd: workDirectory, stdio: ["ignore", "pipe", "pipe", "ipc"], env: azuriteEnvironment() },
  );
  child.channel?.unref(); // the watch channel alone never keeps this process alive
  const killOnExit = () => {
    child.kill("SIGKILL");
    removeWorkDirectory();
  };
  process.once("exit", killOnExit);

  let output = "";
  let url: string;
  try {
    url = await new Promise<string>((resolveUrl, reject) => {
      const timer = limitChildWork(child.pid ?? -1, startTimeoutMs, (measured) =>
        reject(new Error(`Azurite did not start within ${measured}. Its output:\n${output}`)),
      );
      const onData = (chunk: Buffer) => {
        output += chunk.toString("utf8");
        const listening = LISTENING.exec(output);
        if (listening?.[1]) {
          timer.stop();
          resolveUrl(listening[1].replace(/\/+$/, ""));
        }
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
      child.once("error", (error) => {
        timer.stop();
        reject(error);
      });
      child.once("exit", (code, signal) => {
        timer.stop();
        reject(
          new Error(
            `Azurite exited (code ${code}, signal ${signal}) before listening. Its output:\n${output}`,
          ),
        );
      });
    });
  } catch (error) {
    await stop(child);
    process.off("exit", killOnExit);
    removeWorkDirectory();
    throw error;
  }

  const boundPort = Number(new URL(url).port);
  let closing: Promise<void> | undefined;
  return {
    url,
    accountUrl: `${url}/${AZURITE_ACCOUNT_NAME}`,
    accountName: AZURITE_ACCOUNT_NAME,
    port: boundPort,
    pid: child.pid ?? -1,
    output: () => output,
    close() {
      closing ??= stop(child).then(() => {
        process.off("exit", killOnExit);
        removeWorkDirectory();
      });
      return closing;
    },
  };
}

/**
 * The path of `azurite-blob`'s entry script, from the `azurite` package in `node_modules` of
 * `directory` or of one of its parents (as Node resolves packages, without NODE_PATH or global folders).
 */
function azuriteBlobProgram(directory: string): string {
  let manifestPath: string | undefined;
  for (let current = resolve(directory); ; current = dirname(current)) {
    const candidate = join(current, "node_modules", "azurite", "package.json");
    if (existsSync(candidate)) {
      manifestPath = candidate;
      break;
    }
    if (dirname(current) === current) break;
  }
  if (manifestPath === undefined) {
    throw new InvalidEmulatorOptionError({
      field: "resolveFrom",
      value: directory,
      expected: "a directory from which the `azurite` package resolves (in its node_modules or a parent's)",
      fix: 'add "azurite": "3.35.0" to the devDependencies of the package that runs the tests, and pass its directory',
    });
  }
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    bin?: Record<string, string> | undefined;
  };
  const bin = manifest.bin?.["azurite-blob"];
  if (!bin) {
    throw new InvalidEmulatorOptionError({
      field: "resolveFrom",
      value: directory,
      expected: "an azurite package with an `azurite-blob` program",
      fix: "install azurite 3.35.0",
    });
  }
  return join(dirname(manifestPath), bin);
}

/** The parent's environment without Node options meant for the parent (test loaders, inspectors). */
function azuriteEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_OPTIONS;
  return env;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((done) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      done();
    });
    child.kill("SIGTERM");
  });
}
