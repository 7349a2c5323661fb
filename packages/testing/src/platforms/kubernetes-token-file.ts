import { randomInt, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { lstat, mkdir, readdir, readlink, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt } from "jose";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import type { TestCertificateAuthority } from "../servers/certificate-authority";
import { type MintOptions, type OidcIssuer, startOidcIssuer } from "./oidc-issuer";

/**
 * Options of {@link startKubernetesTokenFile}.
 *
 * @example
 * ```ts
 * const options: KubernetesTokenFileOptions = {
 *   namespace: "payments",
 *   serviceAccount: "api",
 *   lifetimeSeconds: 3600,
 *   authorityHost: entra.url,
 * };
 * ```
 */
export interface KubernetesTokenFileOptions {
  /** The pod's namespace. Default `default`. */
  readonly namespace?: string;
  /** The pod's service account. Default `workload-identity-sa`. */
  readonly serviceAccount?: string;
  /** `AZURE_CLIENT_ID` in {@link KubernetesTokenFile.env}. Default a random GUID. */
  readonly clientId?: string;
  /** `AZURE_TENANT_ID` in {@link KubernetesTokenFile.env}, and part of the issuer's path. Default a random GUID. */
  readonly tenantId?: string;
  /** `AZURE_AUTHORITY_HOST` in {@link KubernetesTokenFile.env}. Default `https://login.microsoftonline.com/`. */
  readonly authorityHost?: string;
  /** The token's `aud`. Default `api://AzureADTokenExchange` (the webhook's). */
  readonly audience?: string;
  /** `exp - iat` of each token (kubelet accepts 600 s to 24 h; default 3600). */
  readonly lifetimeSeconds?: number;
  /**
   * Whether a timer rotates the token at 80% of its lifetime as kubelet does. Default true. The
   * timer is unref'd: it never keeps a process alive.
   */
  readonly autoRotate?: boolean;
  /** Where to write the volume. Default a new temporary directory, removed by `close()`. */
  readonly directory?: string;
  /**
   * The issuer that signs the tokens. Default: a new one shaped like an AKS issuer,
   * `https://127.0.0.1:PORT/{tenantId}/{guid}/` (with the trailing slash), closed by `close()`.
   */
  readonly issuer?: OidcIssuer;
  /** The CA for the issuer started by default. */
  readonly ca?: TestCertificateAuthority;
}

/**
 * A token written by {@link KubernetesTokenFile}: the token and the claims a test compares against.
 *
 * @example
 * ```ts
 * const { jti, expiresAt } = tokenFile.current;
 * ```
 */
export interface WrittenKubernetesToken {
  readonly token: string;
  readonly jti: string;
  /** `iat`, epoch seconds. */
  readonly issuedAt: number;
  /** `exp`, epoch seconds. */
  readonly expiresAt: number;
}

/**
 * A projected service-account token volume as kubelet writes it: `{directory}/token` is a symlink to
 * `..data/token`, and `..data` is a symlink to a timestamped directory that is swapped atomically
 * (write a new directory, point `..data_tmp` at it, rename it over `..data`, remove the old one) at
 * every rotation.
 *
 * @example
 * ```ts
 * const tokenFile = await startKubernetesTokenFile({ namespace: "payments", serviceAccount: "api", authorityHost: entra.url });
 * const provider = kubernetes({ env: tokenFile.env() });
 * await tokenFile.rotate();
 * await tokenFile.close();
 * ```
 */
export interface KubernetesTokenFile {
  /** The token file, `{directory}/token`: the value of `AZURE_FEDERATED_TOKEN_FILE`. */
  readonly path: string;
  /** The volume's directory. */
  readonly directory: string;
  /** A service-account mount like `/var/run/secrets/kubernetes.io/serviceaccount`, with `namespace` and `token`. */
  readonly serviceAccountDirectory: string;
  /** The tokens' `iss` (with the trailing slash of an AKS issuer). */
  readonly issuer: string;
  /** The issuer signing the tokens (the Entra emulator fetches its keys). */
  readonly oidcIssuer: OidcIssuer;
  /** `system:serviceaccount:{namespace}:{serviceAccount}`, the tokens' `sub`. */
  readonly subject: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly clientId: string;
  readonly tenantId: string;
  /** The token in the file now (or the last one minted, when {@link KubernetesTokenFile.write} wrote something else). */
  readonly current: WrittenKubernetesToken;
  /** Every token written so far, oldest first. */
  readonly history: readonly WrittenKubernetesToken[];
  /** How many rotations happened (the first token not counted). */
  readonly rotations: number;
  /**
   * Mints a new token and swaps it in atomically, as kubelet does; `options` shape its validity (e.g.
   * `{ expired: true }`). Restarts the 80% timer. Resolves with the new token.
   */
  rotate(options?: Pick<MintOptions, "expired" | "lifetimeSeconds" | "wrongKey">): Promise<string>;
  /** Swaps in arbitrary content through the same atomic rename (for error tests: empty, not a JWT). */
  write(content: string): Promise<void>;
  /** The variables the Azure Workload Identity webhook injects. */
  env(): Record<
    "AZURE_FEDERATED_TOKEN_FILE" | "AZURE_CLIENT_ID" | "AZURE_TENANT_ID" | "AZURE_AUTHORITY_HOST",
    string
  >;
  /** Stops the timer, removes the files (and the directory when it created it) and closes its own issuer. */
  close(): Promise<void>;
}

const DATA_LINK = "..data";
const DATA_LINK_TEMPORARY = "..data_tmp";
const TOKEN_FILE = "token";
const ROTATE_AT = 0.8;
const DEFAULT_LIFETIME_SECONDS = 3600;

/**
 * Writes a projected service-account token volume into a directory, with tokens minted by an OIDC
 * issuer the Entra emulator trusts (claims as the API server sets them: `iss`, `sub`
 * `system:serviceaccount:{ns}:{sa}`, `aud`, `iat`, `nbf`, `exp`, `jti` and `kubernetes.io` with the
 * namespace, pod and service account), and rotates the token at 80% of its lifetime like kubelet.
 *
 * @example
 * ```ts
 * const tokenFile = await startKubernetesTokenFile({ lifetimeSeconds: 600, authorityHost: entra.url });
 * entra.addApplication({
 *   clientId: tokenFile.clientId,
 *   tenantId: tokenFile.tenantId,
 *   federatedCredentials: [
 *     { name: "pod", issuer: tokenFile.issuer, subject: tokenFile.subject, audiences: ["api://AzureADTokenExchange"] },
 *   ],
 * });
 * process.env.AZURE_FEDERATED_TOKEN_FILE = tokenFile.path;
 * ```
 */
export async function startKubernetesTokenFile(
  options: KubernetesTokenFileOptions = {},
): Promise<KubernetesTokenFile> {
  const namespace = requireText("namespace", options.namespace ?? "default");
  const serviceAccount = requireText("serviceAccount", options.serviceAccount ?? "workload-identity-sa");
  const clientId = requireText("clientId", options.clientId ?? randomUUID());
  const tenantId = requireText("tenantId", options.tenantId ?? randomUUID());
  const authorityHost = requireText(
    "authorityHost",
    options.authorityHost ?? "https://login.microsoftonline.com/",
  );
  const audience = requireText("audience", options.audience ?? "api://AzureADTokenExchange");
  const lifetimeSeconds = options.lifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS;
  if (!Number.isInteger(lifetimeSeconds) || lifetimeSeconds < 1) {
    throw new InvalidEmulatorOptionError({
      field: "lifetimeSeconds",
      value: lifetimeSeconds,
      expected: "a positive integer number of seconds",
      fix: "pass e.g. 3600 (kubelet's default for Azure Workload Identity)",
    });
  }
  const ownsDirectory = options.directory === undefined;
  const directory = options.directory ?? mkdtempSync(join(tmpdir(), "azfed-k8s-token-"));
  await mkdir(directory, { recursive: true });
  const serviceAccountDirectory = join(directory, "kubernetes.io-serviceaccount");
  const ownsIssuer = options.issuer === undefined;
  const oidcIssuer =
    options.issuer ??
    (await startOidcIssuer({ path: `/${tenantId}/${randomUUID()}`, trailingSlash: true, ca: options.ca }));

  const subject = `system:serviceaccount:${namespace}:${serviceAccount}`;
  const pod = { name: `${serviceAccount}-${randomUUID().slice(0, 8)}`, uid: randomUUID() };
  const serviceAccountUid = randomUUID();
  const history: WrittenKubernetesToken[] = [];
  let rotations = 0;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let swapping: Promise<void> = Promise.resolve();

  const mint = async (mintOptions: MintOptions = {}): Promise<WrittenKubernetesToken> => {
    const lifetime = mintOptions.lifetimeSeconds ?? lifetimeSeconds;
    const jti = randomUUID();
    const token = await oidcIssuer.mint(
      {
        aud: [audience],
        sub: subject,
        jti,
        "kubernetes.io": {
          namespace,
          pod,
          serviceaccount: { name: serviceAccount, uid: serviceAccountUid },
        },
      },
      { ...mintOptions, lifetimeSeconds: lifetime },
    );
    const { iat, exp } = decodeJwt(token);
    return { token, jti, issuedAt: iat as number, expiresAt: exp as number };
  };

  // Serialised, so a timer rotation and a rotate() call never interleave their renames.
  const swapIn = (content: string): Promise<void> => {
    const next = swapping.then(() => atomicWrite(directory, content));
    swapping = next.catch(() => undefined);
    return next;
  };

  // Like kubelet: rotate once 80% of the token's own lifetime (from its iat and exp) has passed.
  const schedule = (written: WrittenKubernetesToken): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (options.autoRotate === false || closed) return;
    const rotateAt = (written.issuedAt + (written.expiresAt - written.issuedAt) * ROTATE_AT) * 1000;
    timer = setTimeout(
      () => {
        rotate().catch(() => undefined);
      },
      Math.max(0, rotateAt - Date.now()),
    );
    timer.unref();
  };

  const rotate = async (
    mintOptions: Pick<MintOptions, "expired" | "lifetimeSeconds" | "wrongKey"> = {},
  ): Promise<string> => {
    if (closed) {
      throw new InvalidEmulatorOptionError({
        field: "rotate",
        value: "after close()",
        expected: "rotate() before close()",
      });
    }
    const written = await mint(mintOptions);
    await swapIn(written.token);
    history.push(written);
    rotations++;
    schedule(written);
    return written.token;
  };

  const first = await mint();
  await atomicWrite(directory, first.token);
  history.push(first);
  await mkdir(serviceAccountDirectory, { recursive: true });
  await writeFile(join(serviceAccountDirectory, "namespace"), namespace);
  await writeFile(join(serviceAccountDirectory, TOKEN_FILE), first.token);
  schedule(first);

  return {
    path: join(directory, TOKEN_FILE),
    directory,
    serviceAccountDirectory,
    issuer: oidcIssuer.issuer,
    oidcIssuer,
    subject,
    namespace,
    serviceAccount,
    clientId,
    tenantId,
    get current() {
      return history[history.length - 1] as WrittenKubernetesToken;
    },
    get history() {
      return [...history];
    },
    get rotations() {
      return rotations;
    },
    rotate,
    write: (content: string) => swapIn(content),
    env() {
      return {
        AZURE_FEDERATED_TOKEN_FILE: join(directory, TOKEN_FILE),
        AZURE_CLIENT_ID: clientId,
        AZURE_TENANT_ID: tenantId,
        AZURE_AUTHORITY_HOST: authorityHost,
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      await swapping;
      if (ownsDirectory) {
        await rm(directory, { recursive: true, force: true });
      } else {
        for (const entry of await readdir(directory)) {
          if (entry.startsWith("..") || entry === TOKEN_FILE || entry === "kubernetes.io-serviceaccount") {
            await rm(join(directory, entry), { recursive: true, force: true });
          }
        }
      }
      if (ownsIssuer) await oidcIssuer.close();
    },
  };
}

/**
 * kubelet's AtomicWriter: write the payload into a new `..{timestamp}` directory, point `..data_tmp`
 * at it, rename `..data_tmp` over `..data` (the atomic step), make sure `token` links to
 * `..data/token`, then remove the previous timestamped directory.
 */
async function atomicWrite(directory: string, content: string): Promise<void> {
  const previous = await readLink(join(directory, DATA_LINK));
  const dataDirectory = `..${timestamp()}`;
  await mkdir(join(directory, dataDirectory));
  await writeFile(join(directory, dataDirectory, TOKEN_FILE), content, { mode: 0o644 });
  await rm(join(directory, DATA_LINK_TEMPORARY), { force: true });
  await symlink(dataDirectory, join(directory, DATA_LINK_TEMPORARY));
  await rename(join(directory, DATA_LINK_TEMPORARY), join(directory, DATA_LINK));
  if ((await readLink(join(directory, TOKEN_FILE))) === undefined) {
    await symlink(join(DATA_LINK, TOKEN_FILE), join(directory, TOKEN_FILE));
  }
  if (previous !== undefined && previous !== dataDirectory) {
    await rm(join(directory, previous), { recursive: true, force: true });
  }
}

async function readLink(path: string): Promise<string | undefined> {
  try {
    const stats = await lstat(path);
    if (!stats.isSymbolicLink()) return undefined;
    return await readlink(path);
  } catch {
    return undefined;
  }
}

/** `2006_01_02_15_04_05.` plus random digits, as kubelet names its data directories. */
function timestamp(): string {
  const now = new Date();
  const pad = (value: number, width = 2) => String(value).padStart(width, "0");
  return `${now.getUTCFullYear()}_${pad(now.getUTCMonth() + 1)}_${pad(now.getUTCDate())}_${pad(now.getUTCHours())}_${pad(
    now.getUTCMinutes(),
  )}_${pad(now.getUTCSeconds())}.${pad(randomInt(0, 1_000_000_000), 9)}`;
}

function requireText(field: string, value: unknown): string {
  if (typeof value !== "string" || value === "") {
    throw new InvalidEmulatorOptionError({ field, value, expected: "a non-empty string" });
  }
  return value;
}
