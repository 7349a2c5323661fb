import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import type { JwtClaims } from "../jwt-claims";
import type { TestCertificateAuthority } from "../servers/certificate-authority";
import { type MintOptions, type OidcIssuer, startOidcIssuer } from "./oidc-issuer";

/**
 * Options of {@link startSpaceliftRun}.
 *
 * @example
 * ```ts
 * const options: SpaceliftRunOptions = { spaceId: "root", stack: "infra", runType: "TRACKED", scope: "write" };
 * ```
 */
export interface SpaceliftRunOptions {
  /** `spaceId`. Default `root`. */
  readonly spaceId?: string | undefined;
  /** The stack's ID (`callerType` `stack`). Default `infra` when no module is given. */
  readonly stack?: string | undefined;
  /** A module's ID (`callerType` `module`) instead of a stack. */
  readonly module?: string | undefined;
  /** `runType`. Default `TRACKED`. */
  readonly runType?: "PROPOSED" | "TRACKED" | "TASK" | "TESTING" | "DESTROY" | undefined;
  /** `scope`. Default `write`, `read` for a proposed run. */
  readonly scope?: "read" | "write" | undefined;
  /** Whether the run gets an OIDC token (a paid account's run). Default true. */
  readonly oidc?: boolean | undefined;
  /** The CA that signs the issuer's certificate. Default the process's test CA. */
  readonly ca?: TestCertificateAuthority | undefined;
}

/**
 * A Spacelift run as a process sees it: the account's OIDC issuer over HTTPS, the run's token in
 * `SPACELIFT_OIDC_TOKEN` and in a token file (standing for `/mnt/workspace/spacelift.oidc`), and
 * the run's `TF_VAR_spacelift_*` variables.
 *
 * @example
 * ```ts
 * const run = await startSpaceliftRun({ stack: "infra", runType: "PROPOSED" });
 * const provider = spacelift({ env: run.env, file: run.tokenFile });
 * await run.close();
 * ```
 */
export interface SpaceliftRun {
  /** The account's issuer (`https://127.0.0.1:PORT`, standing for `https://{account}.app.spacelift.io`). */
  readonly issuer: string;
  /** The tokens' `aud`: the issuer's host, as Spacelift's is the account's host. */
  readonly audience: string;
  /** The run's `sub`: `space:{space}:{stack|module}:{id}:run_type:{type}:scope:{scope}`. */
  readonly subject: string;
  /** The run's OIDC issuer. */
  readonly oidcIssuer: OidcIssuer;
  /** The token file (its directory is removed by `close()`). */
  readonly tokenFile: string;
  /** `SPACELIFT_OIDC_TOKEN` (unless `oidc: false`) and the `TF_VAR_spacelift_*` variables. */
  readonly env: Readonly<Record<string, string>>;
  /** The run's token (the one in `env` and in the file). */
  readonly token: string;
  /** Mints another token of this run, e.g. `{ expired: true }`. */
  mint(options?: Pick<MintOptions, "expired" | "wrongKey">): Promise<string>;
  /** Writes `content` to the token file (a new token, or anything for error tests). */
  writeTokenFile(content: string): Promise<void>;
  /** Stops the issuer and removes the token file. */
  close(): Promise<void>;
}

/**
 * A Spacelift token is valid for one hour; `nbf` equals `iat`.
 *
 * @see https://github.com/spacelift-io/user-documentation/blob/6e9746fefd4ef10fc7c4b68567356a98d3c07c56/docs/integrations/cloud-providers/oidc/README.md
 *   (commit 6e9746fefd4ef10fc7c4b68567356a98d3c07c56 of spacelift-io/user-documentation, checked 2026-12-07)
 */
const LIFETIME_SECONDS = 3600;
const SLUG = /^[^\s:]+$/;

/**
 * Starts an emulated Spacelift run: an issuer, the run's token with Spacelift's claims (`spaceId`,
 * `callerType`, `callerId`, `runType`, `runId`, `scope`; `aud` the account host; one hour's
 * lifetime) in `SPACELIFT_OIDC_TOKEN` and a token file.
 *
 * @example
 * ```ts
 * const run = await startSpaceliftRun({ spaceId: "root", stack: "infra", runType: "TRACKED", scope: "write", ca: entra.ca });
 * entra.addApplication({ clientId, tenantId, federatedCredentials: [
 *   { name: "infra", issuer: run.issuer, subject: run.subject, audiences: [run.audience] },
 * ] });
 * ```
 */
export async function startSpaceliftRun(options: SpaceliftRunOptions = {}): Promise<SpaceliftRun> {
  const spaceId = options.spaceId ?? "root";
  const callerType = options.module !== undefined ? "module" : "stack";
  const callerId = options.module ?? options.stack ?? "infra";
  for (const [field, value] of [
    ["spaceId", spaceId],
    [callerType, callerId],
  ] as const) {
    if (typeof value !== "string" || !SLUG.test(value)) {
      throw new InvalidEmulatorOptionError({ field, value, expected: 'a slug without ":" or whitespace' });
    }
  }
  const runType = options.runType ?? "TRACKED";
  const scope = options.scope ?? (runType === "PROPOSED" ? "read" : "write");
  const oidcIssuer = await startOidcIssuer({ ca: options.ca });
  const audience = new URL(oidcIssuer.issuer).host;
  const subject = `space:${spaceId}:${callerType}:${callerId}:run_type:${runType}:scope:${scope}`;
  const runId = randomUUID().replaceAll("-", "").slice(0, 26).toUpperCase();
  const claims: JwtClaims = {
    sub: subject,
    aud: audience,
    spaceId,
    callerType,
    callerId,
    runType,
    runId,
    scope,
  };
  const mint = (mintOptions: Pick<MintOptions, "expired" | "wrongKey"> = {}): Promise<string> =>
    oidcIssuer.mint(claims, { ...mintOptions, lifetimeSeconds: LIFETIME_SECONDS });
  const directory = await mkdtemp(join(tmpdir(), "azfed-spacelift-"));
  const tokenFile = join(directory, "spacelift.oidc");
  const token = await mint();
  await writeFile(tokenFile, token);
  const env: Record<string, string> = {
    ...(options.oidc === false ? {} : { SPACELIFT_OIDC_TOKEN: token }),
    TF_VAR_spacelift_account_name: audience,
    TF_VAR_spacelift_run_id: runId,
    TF_VAR_spacelift_run_type: runType,
    TF_VAR_spacelift_space_id: spaceId,
    TF_VAR_spacelift_stack_id: callerId,
    TF_VAR_spacelift_workspace_root: directory,
  };
  if (options.oidc === false) await rm(tokenFile);
  return {
    issuer: oidcIssuer.issuer,
    audience,
    subject,
    oidcIssuer,
    tokenFile,
    env: Object.freeze(env),
    token,
    mint,
    writeTokenFile: (content) => writeFile(tokenFile, content),
    async close() {
      await Promise.all([oidcIssuer.close(), rm(directory, { recursive: true, force: true })]);
    },
  };
}
