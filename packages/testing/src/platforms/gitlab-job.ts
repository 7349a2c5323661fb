import { randomBytes, randomInt } from "node:crypto";
import type { JWTPayload } from "jose";
import { conformanceDefault } from "../conformance/conformance-corpus";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import type { TestCertificateAuthority } from "../servers/certificate-authority";
import { type MintOptions, type OidcIssuer, startOidcIssuer } from "./oidc-issuer";

/**
 * One entry under a job's `id_tokens:` keyword: the variable GitLab sets and the `aud` it asks for.
 *
 * @example
 * ```ts
 * const idTokens: Record<string, GitLabIdTokenRequest> = { AZURE_ID_TOKEN: { aud: "api://AzureADTokenExchange" } };
 * ```
 */
export interface GitLabIdTokenRequest {
  /** One audience, or several (the claim is then an array). */
  readonly aud: string | readonly string[];
}

/**
 * The job's environment (`environment:` in `.gitlab-ci.yml`).
 *
 * @example
 * ```ts
 * const environment: GitLabJobEnvironment = { name: "production", protected: true, tier: "production" };
 * ```
 */
export interface GitLabJobEnvironment {
  readonly name: string;
  /** `environment_protected`. Default false. */
  readonly protected?: boolean;
  /** `deployment_tier`. Default "other". */
  readonly tier?: "production" | "staging" | "testing" | "development" | "other";
}

/**
 * Options of {@link startGitLabJob}.
 *
 * @example
 * ```ts
 * const options: GitLabJobOptions = {
 *   projectPath: "contoso/platform/web",
 *   tag: "v1.2.0",
 *   idTokens: { AZURE_ID_TOKEN: { aud: "api://AzureADTokenExchange" } },
 * };
 * ```
 */
export interface GitLabJobOptions {
  /** `project_path` / `CI_PROJECT_PATH`. Default `contoso/web`. */
  readonly projectPath?: string;
  /**
   * For a merge request pipeline from a fork: the fork's path. The tokens' `project_path` (and `sub`)
   * name it, and `CI_MERGE_REQUEST_SOURCE_PROJECT_PATH` is set to it, as GitLab does.
   */
  readonly mergeRequestSourceProjectPath?: string;
  /**
   * For a merge request pipeline from a fork: the fork's project id. The tokens' `project_id` (and a
   * `project_id`-led `sub`) name it, and `CI_MERGE_REQUEST_SOURCE_PROJECT_ID` is set to it
   * (gitlab-org/gitlab#561735: "the id_token references the project_id of the fork").
   */
  readonly mergeRequestSourceProjectId?: number;
  /**
   * `CI_SERVER_URL`, when it differs from the tokens' `iss` (an instance that sets
   * `ci_id_tokens.issuer_url`). Default the issuer's URL.
   */
  readonly serverUrl?: string;
  /** `project_id` / `CI_PROJECT_ID`. Default a random number. */
  readonly projectId?: number;
  /** The branch the job runs for. Default `main` (when no tag is given). */
  readonly branch?: string;
  /** The tag the job runs for. */
  readonly tag?: string;
  /** The job's `id_tokens:`. Default `{ AZURE_ID_TOKEN: { aud: "api://AzureADTokenExchange" } }`. */
  readonly idTokens?: Readonly<Record<string, GitLabIdTokenRequest>>;
  /**
   * The project's `ci_id_token_sub_claim_components`, each written `name:value` and joined with `:`:
   * `project_path` or `project_id` first (one of them), then `ref_type` and/or `ref`. Default
   * `["project_path", "ref_type", "ref"]` (both read from the conformance corpus).
   */
  readonly subClaimComponents?: readonly string[];
  /** `ref_protected` / `CI_COMMIT_REF_PROTECTED`. Default true for the default branch `main`, else false. */
  readonly refProtected?: boolean;
  /** The job's environment, if any. */
  readonly environment?: GitLabJobEnvironment;
  /** The job's timeout in seconds: the ID tokens' lifetime. Default 300 (GitLab's when none is set). */
  readonly timeoutSeconds?: number;
  /** `pipeline_source` / `CI_PIPELINE_SOURCE`. Default `push`. */
  readonly pipelineSource?: string;
  /** `user_login` / `GITLAB_USER_LOGIN`. Default `octo-dev`. */
  readonly userLogin?: string;
  /** A path the instance lives under (a relative URL root), e.g. `/gitlab`. Default none. */
  readonly instancePath?: string;
  /** Also set `CI_JOB_JWT_V2`, the variable GitLab 17.0 removed (its `aud` is the instance URL). */
  readonly legacyJobJwtV2?: boolean;
  /** The CA that signs the instance's certificate. Default the process's test CA. */
  readonly ca?: TestCertificateAuthority;
  /**
   * A running issuer to use as the instance, shared by several jobs (`close()` then leaves it
   * running). Default: a new issuer for this job.
   */
  readonly instance?: OidcIssuer;
}

/**
 * A GitLab CI job as a process sees it: the variables GitLab sets, with ID tokens signed by an
 * {@link OidcIssuer} standing for the GitLab instance (its discovery document and keys over HTTPS,
 * so the Entra emulator can verify them).
 *
 * @example
 * ```ts
 * const job = await startGitLabJob({ projectPath: "contoso/web", branch: "main" });
 * const provider = gitlab({ env: job.env });
 * job.subject; // "project_path:contoso/web:ref_type:branch:ref:main"
 * await job.close();
 * ```
 */
export interface GitLabJob {
  /** The instance URL: `CI_SERVER_URL` and every token's `iss`. */
  readonly instanceUrl: string;
  /** The instance's OIDC issuer. */
  readonly issuer: OidcIssuer;
  /** The job's variables, including one per `id_tokens:` entry holding a token minted at job start. */
  readonly env: Readonly<Record<string, string>>;
  /** The `sub` of the job's tokens. */
  readonly subject: string;
  /** The claims (all but `aud`, `iat`, `nbf`, `exp`, `jti`) of the job's tokens. */
  readonly claims: Readonly<JWTPayload>;
  /**
   * Mints another ID token of this job for `aud` (e.g. an expired one), with `nbf = iat - 5` and
   * `exp = iat + timeout`, as GitLab does.
   */
  mintIdToken(
    aud: string | readonly string[],
    options?: Pick<MintOptions, "expired" | "wrongKey" | "issuedAt">,
  ): Promise<string>;
  /** Stops the job's OIDC issuer (not one passed in as `instance`). */
  close(): Promise<void>;
}

const DEFAULT_AUDIENCE = "api://AzureADTokenExchange";
// GitLab's readings live in the conformance corpus (packages/testing/conformance/gitlab.json).
const NBF_SKEW_SECONDS = conformanceDefault("gitlab", "notBeforeSeconds", "number");
const DEFAULT_TIMEOUT_SECONDS = conformanceDefault("gitlab", "defaultLifetimeSeconds", "number");
const DEFAULT_SUB_COMPONENTS = conformanceDefault("gitlab", "subClaimComponents", "string[]");
const ALLOWED_SUB_COMPONENTS = conformanceDefault("gitlab", "allowedSubClaimComponents", "string[]");
const LEADING_COMPONENTS: readonly string[] = ["project_path", "project_id"];

/**
 * Starts an emulated GitLab CI job: an HTTPS OIDC issuer as the instance, and the job's variables
 * (`GITLAB_CI`, `CI_SERVER_URL`, `CI_PROJECT_PATH`, `CI_PROJECT_ID`, `CI_COMMIT_REF_NAME`,
 * `CI_COMMIT_TAG`, …) with an ID token per `id_tokens:` entry. Tokens carry GitLab's claims
 * (`namespace_id`, `namespace_path`, `project_id`, `project_path`, `user_id`, `user_login`,
 * `pipeline_id`, `pipeline_source`, `job_id`, `ref`, `ref_type`, `ref_path`, `ref_protected`,
 * `environment*`, `deployment_tier`, `runner_id`, `sha`, …), `sub` built from the project's claim
 * components, `nbf = iat - 5` and `exp = iat + job timeout`.
 *
 * @example
 * ```ts
 * const job = await startGitLabJob({ projectPath: "contoso/web", tag: "v1.0.0" });
 * entra.addApplication({
 *   clientId,
 *   tenantId,
 *   federatedCredentials: [
 *     { name: "web", issuer: job.instanceUrl, subject: job.subject, audiences: ["api://AzureADTokenExchange"] },
 *   ],
 * });
 * const credential = new FederatedTokenCredential({ tenantId, clientId, assertion: gitlab({ env: job.env }) });
 * ```
 */
export async function startGitLabJob(options: GitLabJobOptions = {}): Promise<GitLabJob> {
  const projectPath = options.projectPath ?? "contoso/web";
  if (typeof projectPath !== "string" || !/^[^/]+(\/[^/]+)+$/.test(projectPath)) {
    throw new InvalidEmulatorOptionError({
      field: "projectPath",
      value: projectPath,
      expected: 'a project path such as "group/project" or "group/subgroup/project"',
    });
  }
  if (options.branch !== undefined && options.tag !== undefined) {
    throw new InvalidEmulatorOptionError({
      field: "tag",
      value: options.tag,
      expected: "either branch or tag: a job runs for one ref",
    });
  }
  const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new InvalidEmulatorOptionError({
      field: "timeoutSeconds",
      value: timeoutSeconds,
      expected: "a positive integer number of seconds",
    });
  }
  const idTokens = options.idTokens ?? { AZURE_ID_TOKEN: { aud: DEFAULT_AUDIENCE } };
  for (const name of Object.keys(idTokens)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new InvalidEmulatorOptionError({
        field: `idTokens.${name}`,
        value: name,
        expected: "a variable name",
      });
    }
  }

  const issuer =
    options.instance ?? (await startOidcIssuer({ path: options.instancePath ?? "", ca: options.ca }));
  const refType = options.tag !== undefined ? "tag" : "branch";
  const ref = options.tag ?? options.branch ?? "main";
  const jobProjectId = String(options.projectId ?? randomInt(1_000, 99_999_999));
  const projectId = String(options.mergeRequestSourceProjectId ?? jobProjectId);
  const namespacePath = projectPath.slice(0, projectPath.lastIndexOf("/"));
  const refProtected = options.refProtected ?? (refType === "branch" && ref === "main");
  const sha = randomBytes(20).toString("hex");
  const userLogin = options.userLogin ?? "octo-dev";
  const claims: Record<string, string | number> = {
    namespace_id: String(randomInt(1_000, 9_999_999)),
    namespace_path: namespacePath,
    project_id: projectId,
    project_path: options.mergeRequestSourceProjectPath ?? projectPath,
    user_id: String(randomInt(1_000, 9_999_999)),
    user_login: userLogin,
    user_email: `${userLogin}@example.com`,
    user_access_level: "developer",
    pipeline_id: String(randomInt(1_000_000, 999_999_999)),
    pipeline_source: options.pipelineSource ?? "push",
    job_id: String(randomInt(1_000_000, 999_999_999)),
    ref,
    ref_type: refType,
    ref_path: `refs/${refType === "tag" ? "tags" : "heads"}/${ref}`,
    ref_protected: String(refProtected),
    ...(options.environment
      ? {
          environment: options.environment.name,
          environment_protected: String(options.environment.protected ?? false),
          deployment_tier: options.environment.tier ?? "other",
          environment_action: "start",
        }
      : {}),
    runner_id: randomInt(1, 99_999_999),
    runner_environment: "self-hosted",
    sha,
    project_visibility: "private",
    ci_config_ref_uri: `${new URL(issuer.issuer).host}/${projectPath}//.gitlab-ci.yml@refs/${refType === "tag" ? "tags" : "heads"}/${ref}`,
    ci_config_sha: sha,
  };
  const components = options.subClaimComponents ?? DEFAULT_SUB_COMPONENTS;
  const leads = components.filter((component) => LEADING_COMPONENTS.includes(component));
  if (
    !LEADING_COMPONENTS.includes(String(components[0])) ||
    leads.length !== 1 ||
    components.some((component) => !ALLOWED_SUB_COMPONENTS.includes(component))
  ) {
    throw new InvalidEmulatorOptionError({
      field: "subClaimComponents",
      value: components,
      expected: `project_path or project_id first (one of them), then any of ${ALLOWED_SUB_COMPONENTS.join(", ")}`,
    });
  }
  const subject = components
    .map((component) => {
      const value = claims[component];
      if (value === undefined) {
        throw new InvalidEmulatorOptionError({
          field: "subClaimComponents",
          value: components,
          expected: `claims this job's tokens carry (${component} is not one; give the job an environment for environment claims)`,
        });
      }
      return `${component}:${value}`;
    })
    .join(":");
  const tokenClaims: JWTPayload = { ...claims, sub: subject };

  const mintIdToken = async (
    aud: string | readonly string[],
    mintOptions: Pick<MintOptions, "expired" | "wrongKey" | "issuedAt"> = {},
  ): Promise<string> => {
    let issuedAt = mintOptions.issuedAt ?? Math.floor(Date.now() / 1000);
    if (mintOptions.expired) issuedAt -= timeoutSeconds + 600;
    return issuer.mint(
      {
        ...tokenClaims,
        aud: typeof aud === "string" ? aud : [...aud],
        iat: issuedAt,
        nbf: issuedAt - NBF_SKEW_SECONDS,
        exp: issuedAt + timeoutSeconds,
      },
      { wrongKey: mintOptions.wrongKey },
    );
  };

  const env: Record<string, string> = {
    CI: "true",
    GITLAB_CI: "true",
    CI_SERVER_URL: options.serverUrl ?? issuer.issuer,
    CI_SERVER_HOST: new URL(options.serverUrl ?? issuer.issuer).hostname,
    CI_PROJECT_PATH: projectPath,
    CI_PROJECT_ID: jobProjectId,
    CI_PROJECT_NAMESPACE: namespacePath,
    CI_PROJECT_NAME: projectPath.slice(projectPath.lastIndexOf("/") + 1),
    CI_COMMIT_REF_NAME: ref,
    CI_COMMIT_REF_PROTECTED: String(refProtected),
    CI_COMMIT_SHA: sha,
    CI_JOB_ID: String(claims.job_id),
    CI_JOB_TIMEOUT: String(timeoutSeconds),
    CI_PIPELINE_ID: String(claims.pipeline_id),
    CI_PIPELINE_SOURCE: String(claims.pipeline_source),
    GITLAB_USER_LOGIN: userLogin,
    ...(refType === "tag" ? { CI_COMMIT_TAG: ref } : { CI_COMMIT_BRANCH: ref }),
    ...(options.mergeRequestSourceProjectPath || options.mergeRequestSourceProjectId !== undefined
      ? {
          CI_MERGE_REQUEST_SOURCE_PROJECT_PATH: options.mergeRequestSourceProjectPath ?? projectPath,
          CI_MERGE_REQUEST_PROJECT_PATH: projectPath,
          CI_MERGE_REQUEST_SOURCE_PROJECT_ID: projectId,
          CI_MERGE_REQUEST_PROJECT_ID: jobProjectId,
        }
      : {}),
    ...(options.environment
      ? {
          CI_ENVIRONMENT_NAME: options.environment.name,
          CI_ENVIRONMENT_TIER: options.environment.tier ?? "other",
        }
      : {}),
  };
  for (const [name, request] of Object.entries(idTokens)) env[name] = await mintIdToken(request.aud);
  if (options.legacyJobJwtV2) env.CI_JOB_JWT_V2 = await mintIdToken(issuer.issuer);

  return {
    instanceUrl: issuer.issuer,
    issuer,
    env: Object.freeze(env),
    subject,
    claims: Object.freeze(tokenClaims),
    mintIdToken,
    close: () => (options.instance ? Promise.resolve() : issuer.close()),
  };
}
