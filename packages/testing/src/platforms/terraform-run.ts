import { randomBytes } from "node:crypto";
import { conformanceDefault } from "../conformance/conformance-corpus";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import type { JwtClaims } from "../jwt-claims";
import type { TestCertificateAuthority } from "../servers/certificate-authority";
import { type MintOptions, type OidcIssuer, startOidcIssuer } from "./oidc-issuer";

/**
 * Options of {@link startTerraformRun}.
 *
 * @example
 * ```ts
 * const options: TerraformRunOptions = {
 *   workspace: "networking-prod",
 *   runPhase: "plan",
 *   audiences: { "": "api://AzureADTokenExchange", VAULT: "vault.workload.identity" },
 * };
 * ```
 */
export interface TerraformRunOptions {
  /** `terraform_organization_name`. Default `contoso`. */
  readonly organization?: string | undefined;
  /** `terraform_project_name`. Default `Default Project`. */
  readonly project?: string | undefined;
  /** `terraform_workspace_name`. Default `networking-prod`. */
  readonly workspace?: string | undefined;
  /** `terraform_run_phase`. Default `apply`. */
  readonly runPhase?: "plan" | "apply" | undefined;
  /**
   * The workspace's audience variables: `""` for `TFC_WORKLOAD_IDENTITY_AUDIENCE`, a tag for
   * `TFC_WORKLOAD_IDENTITY_AUDIENCE_<TAG>`; each yields a token variable. Default
   * `{ "": "api://AzureADTokenExchange" }`; `{}` for a workspace that asks for none.
   */
  readonly audiences?: Readonly<Record<string, string>> | undefined;
  /** The run phase's timeout in seconds: the tokens' lifetime. Default 3600 (the organization sets it). */
  readonly timeoutSeconds?: number | undefined;
  /** The CA that signs the issuer's certificate. Default the process's test CA. */
  readonly ca?: TestCertificateAuthority | undefined;
  /** A running issuer standing for HCP Terraform, shared by several runs (`close()` leaves it running). */
  readonly instance?: OidcIssuer | undefined;
}

/**
 * A plan or apply of an HCP Terraform workspace as a process sees it: the audience variables the
 * workspace sets and the token variables HCP Terraform injects, signed by an {@link OidcIssuer} that
 * stands for HCP Terraform (discovery document and keys over HTTPS, so the Entra emulator can verify
 * them).
 *
 * @example
 * ```ts
 * const run = await startTerraformRun({ workspace: "networking-prod", runPhase: "apply" });
 * const provider = terraform({ env: run.env });
 * run.subject; // "organization:contoso:project:Default Project:workspace:networking-prod:run_phase:apply"
 * await run.close();
 * ```
 */
export interface TerraformRun {
  /** The tokens' `iss` (the emulated HCP Terraform's URL). */
  readonly issuerUrl: string;
  readonly issuer: OidcIssuer;
  /** The run's variables: each audience variable and its token variable. */
  readonly env: Readonly<Record<string, string>>;
  /** The tokens' `sub`. */
  readonly subject: string;
  /** The tokens' claims but `aud`, `iat`, `nbf`, `exp` and `jti`. */
  readonly claims: Readonly<JwtClaims>;
  /** Mints another token of this run for `aud` (an expired one, say), as HCP Terraform does. */
  mintToken(aud: string, options?: Pick<MintOptions, "expired" | "wrongKey" | "issuedAt">): Promise<string>;
  /** Stops the run's issuer (not one passed as `instance`). */
  close(): Promise<void>;
}

// HCP Terraform's readings live in the conformance corpus (packages/testing/conformance/terraform.json).
const NBF_SKEW_SECONDS = conformanceDefault("terraform", "notBeforeSeconds", "number");
const TAG = /^[A-Za-z0-9_]+$/;
const NAME = /^[^:\s][^:]*$/;

/**
 * Starts an emulated HCP Terraform run: an HTTPS OIDC issuer, and for each audience variable the
 * token HCP Terraform injects (`TFC_WORKLOAD_IDENTITY_TOKEN[_<TAG>]`) with its claims
 * (`terraform_organization_*`, `terraform_project_*`, `terraform_workspace_*`,
 * `terraform_full_workspace`, `terraform_run_id`, `terraform_run_phase`), `sub`
 * `organization:{o}:project:{p}:workspace:{w}:run_phase:{phase}` and `exp` at the phase's timeout.
 *
 * @example
 * ```ts
 * const run = await startTerraformRun({ runPhase: "plan" });
 * entra.addApplication({
 *   clientId,
 *   tenantId,
 *   federatedCredentials: [
 *     { name: "plan", issuer: run.issuerUrl, subject: run.subject, audiences: ["api://AzureADTokenExchange"] },
 *   ],
 * });
 * ```
 */
export async function startTerraformRun(options: TerraformRunOptions = {}): Promise<TerraformRun> {
  const organization = checkName("organization", options.organization ?? "contoso");
  const project = checkName("project", options.project ?? "Default Project");
  const workspace = checkName("workspace", options.workspace ?? "networking-prod");
  const runPhase = options.runPhase ?? "apply";
  if (runPhase !== "plan" && runPhase !== "apply") {
    throw new InvalidEmulatorOptionError({
      field: "runPhase",
      value: runPhase,
      expected: '"plan" or "apply"',
    });
  }
  const timeoutSeconds = options.timeoutSeconds ?? 3600;
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new InvalidEmulatorOptionError({
      field: "timeoutSeconds",
      value: timeoutSeconds,
      expected: "a positive integer number of seconds",
    });
  }
  const audiences = options.audiences ?? { "": "api://AzureADTokenExchange" };
  for (const tag of Object.keys(audiences)) {
    if (tag !== "" && (!TAG.test(tag) || tag === "TYPE")) {
      throw new InvalidEmulatorOptionError({
        field: `audiences.${tag}`,
        value: tag,
        expected: "a tag of letters, numbers and underscores, not TYPE",
      });
    }
  }
  const issuer = options.instance ?? (await startOidcIssuer({ ca: options.ca }));
  const id = (prefix: string): string =>
    `${prefix}-${randomBytes(12).toString("base64url").replace(/[-_]/g, "x").slice(0, 16)}`;
  const fullWorkspace = `organization:${organization}:project:${project}:workspace:${workspace}`;
  const subject = `${fullWorkspace}:run_phase:${runPhase}`;
  const claims: JwtClaims = {
    sub: subject,
    terraform_organization_id: id("org"),
    terraform_organization_name: organization,
    terraform_project_id: id("prj"),
    terraform_project_name: project,
    terraform_workspace_id: id("ws"),
    terraform_workspace_name: workspace,
    terraform_full_workspace: fullWorkspace,
    terraform_run_id: id("run"),
    terraform_run_phase: runPhase,
  };
  const mintToken = async (
    aud: string,
    mintOptions: Pick<MintOptions, "expired" | "wrongKey" | "issuedAt"> = {},
  ): Promise<string> => {
    let issuedAt = mintOptions.issuedAt ?? Math.floor(Date.now() / 1000);
    if (mintOptions.expired) issuedAt -= timeoutSeconds + 600;
    return issuer.mint(
      { ...claims, aud, iat: issuedAt, nbf: issuedAt - NBF_SKEW_SECONDS, exp: issuedAt + timeoutSeconds },
      { wrongKey: mintOptions.wrongKey },
    );
  };
  const env: Record<string, string> = {};
  for (const [tag, aud] of Object.entries(audiences)) {
    const suffix = tag === "" ? "" : `_${tag}`;
    env[`TFC_WORKLOAD_IDENTITY_AUDIENCE${suffix}`] = aud;
    env[`TFC_WORKLOAD_IDENTITY_TOKEN${suffix}`] = await mintToken(aud);
  }
  return {
    issuerUrl: issuer.issuer,
    issuer,
    env: Object.freeze(env),
    subject,
    claims: Object.freeze(claims),
    mintToken,
    close: () => (options.instance ? Promise.resolve() : issuer.close()),
  };
}

function checkName(field: string, value: string): string {
  if (typeof value !== "string" || !NAME.test(value)) {
    throw new InvalidEmulatorOptionError({
      field,
      value,
      expected: "a name without ':' or leading whitespace",
    });
  }
  return value;
}
