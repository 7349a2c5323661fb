import { randomInt } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import type { TestCertificateAuthority } from "../servers/certificate-authority";
import { type MintOptions, type OidcIssuer, startOidcIssuer } from "./oidc-issuer";

/**
 * Options of {@link startJenkinsBuild}.
 *
 * @example
 * ```ts
 * const options: JenkinsBuildOptions = { job: "payments/api", variable: "AZURE_ID_TOKEN" };
 * ```
 */
export interface JenkinsBuildOptions {
  /** The job's full name, folders first. Default `app`. */
  readonly job?: string | undefined;
  /** The variable `withCredentials` binds the id token to. Default `AZURE_ID_TOKEN`. */
  readonly variable?: string | undefined;
  /** Bind an "id token as file" credential: the variable then holds the file's path. Default false. */
  readonly asFile?: boolean | undefined;
  /** The id token credential's Audience field; `null` for an empty one (no `aud`). Default `api://AzureADTokenExchange`. */
  readonly audience?: string | null | undefined;
  /** The CA that signs Jenkins' certificate. Default the process's test CA. */
  readonly ca?: TestCertificateAuthority | undefined;
}

/**
 * A Jenkins build inside `withCredentials`, as a process sees it: Jenkins' OIDC issuer
 * (`{root}oidc`), the build's variables (`JENKINS_URL`, `JOB_URL`, `JOB_NAME`, `BUILD_NUMBER`) and
 * the bound id token, in the variable or in a file whose path the variable holds.
 *
 * @example
 * ```ts
 * const build = await startJenkinsBuild({ job: "payments/api" });
 * const provider = jenkins({ env: build.env, variable: "AZURE_ID_TOKEN" });
 * await build.close();
 * ```
 */
export interface JenkinsBuild {
  /** Jenkins' root URL, `https://127.0.0.1:PORT/`. */
  readonly jenkinsUrl: string;
  /** The tokens' `iss`: `{root}oidc`. */
  readonly issuer: string;
  /** The tokens' `sub`: the job's URL, `{root}job/{folder}/job/{name}/`. */
  readonly subject: string;
  readonly oidcIssuer: OidcIssuer;
  /** The build's variables with the bound token (or the token file's path). */
  readonly env: Readonly<Record<string, string>>;
  /** The bound token. */
  readonly token: string;
  /** The token file, when `asFile`. */
  readonly tokenFile: string | undefined;
  /** Mints another id token of this build, e.g. `{ expired: true }`. */
  mint(options?: Pick<MintOptions, "expired" | "wrongKey">): Promise<string>;
  /** Stops the issuer (and removes the token file, if any). */
  close(): Promise<void>;
}

/**
 * The plugin's defaults: `sub` = `${JOB_URL}`, `build_number`, a 3600 s lifetime, `iss` = root URL + `oidc`.
 *
 * @see https://github.com/jenkinsci/oidc-provider-plugin/blob/b5cde4512a23a05cbb45b722d3f48693c34baa51/src/main/java/io/jenkins/plugins/oidc_provider/config/IdTokenConfiguration.java
 *   (commit b5cde4512a23a05cbb45b722d3f48693c34baa51 of jenkinsci/oidc-provider-plugin, checked 2026-12-07)
 */
const LIFETIME_SECONDS = 3600;
const PLAIN_NAME = /^[A-Za-z0-9._-]+$/;

/**
 * Starts an emulated Jenkins build: an HTTPS issuer at `{root}oidc` and an id token as the
 * oidc-provider plugin mints it (RS256, `sub` the job's URL,
 * `build_number`, `aud` the credential's audience if any, one hour's lifetime), bound as
 * `withCredentials` binds it.
 *
 * @example
 * ```ts
 * const build = await startJenkinsBuild({ job: "payments/api", ca: entra.ca });
 * build.subject; // "https://127.0.0.1:PORT/job/payments/job/api/"
 * ```
 */
export async function startJenkinsBuild(options: JenkinsBuildOptions = {}): Promise<JenkinsBuild> {
  const job = options.job ?? "app";
  if (typeof job !== "string" || !job.split("/").every((name) => PLAIN_NAME.test(name))) {
    throw new InvalidEmulatorOptionError({
      field: "job",
      value: job,
      expected: 'names of letters, digits, ".", "_" and "-" joined by /',
    });
  }
  const variable = options.variable ?? "AZURE_ID_TOKEN";
  const oidcIssuer = await startOidcIssuer({ path: "/oidc", ca: options.ca });
  const jenkinsUrl = `${oidcIssuer.url}/`;
  const subject = `${jenkinsUrl}${job
    .split("/")
    .map((name) => `job/${name}`)
    .join("/")}/`;
  const buildNumber = randomInt(1, 10_000);
  const audience = options.audience === undefined ? "api://AzureADTokenExchange" : options.audience;
  const mint = (mintOptions: Pick<MintOptions, "expired" | "wrongKey"> = {}): Promise<string> =>
    oidcIssuer.mint(
      { sub: subject, build_number: buildNumber, ...(audience === null ? {} : { aud: audience }) },
      { ...mintOptions, lifetimeSeconds: LIFETIME_SECONDS },
    );
  const token = await mint();
  let directory: string | undefined;
  let tokenFile: string | undefined;
  if (options.asFile) {
    directory = await mkdtemp(join(tmpdir(), "azfed-jenkins-"));
    await writeFile(join(directory, "id-token"), token);
    tokenFile = join(directory, "id-token");
  }
  const env: Record<string, string> = {
    JENKINS_URL: jenkinsUrl,
    JOB_URL: subject,
    JOB_NAME: job,
    BUILD_NUMBER: String(buildNumber),
    BUILD_URL: `${subject}${buildNumber}/`,
    [variable]: tokenFile ?? token,
  };
  return {
    jenkinsUrl,
    issuer: oidcIssuer.issuer,
    subject,
    oidcIssuer,
    env: Object.freeze(env),
    token,
    tokenFile,
    mint,
    async close() {
      await Promise.all([
        oidcIssuer.close(),
        directory ? rm(directory, { recursive: true, force: true }) : Promise.resolve(),
      ]);
    },
  };
}
