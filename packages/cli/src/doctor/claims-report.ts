import type { AssertionClaims } from "@azfed/core";
import { escapeControlCharacters } from "@azfed/core/provider";
import { relativeTime } from "./relative-time";

/**
 * The claims of the platform's token that matter for federation, as `[name, value]` pairs ready to
 * print: `iss`, `sub`, `aud`, `exp` (ISO time and how far away), then the platform's own claims
 * (GitHub's `repository`, `environment`, `ref`, `job_workflow_ref`; GitLab's `project_path`,
 * `ref_type`; Kubernetes' namespace and service account; …). Never the token.
 *
 * @example
 * ```ts
 * for (const [name, value] of claimsReport(claims, "github-actions", Date.now())) console.log(name, value);
 * ```
 */
export function claimsReport(
  claims: AssertionClaims,
  provider: string,
  nowMs: number,
): readonly (readonly [string, string])[] {
  const rows: [string, string][] = [
    ["iss", claims.iss],
    ["sub", claims.sub],
    ["aud", typeof claims.aud === "string" ? claims.aud : claims.aud.join(", ")],
  ];
  if (typeof claims.exp === "number") rows.push(["exp", describeTime(claims.exp, nowMs)]);
  if (typeof claims.nbf === "number" && claims.nbf * 1000 > nowMs) {
    rows.push(["nbf", `${describeTime(claims.nbf, nowMs)} (not valid yet)`]);
  }
  for (const path of PLATFORM_CLAIMS[provider] ?? otherClaimPaths(claims)) {
    const value = claimAt(claims, path);
    if (value !== undefined) rows.push([path, value]);
  }
  // Claims come from the token: a line break or an escape in one is shown, never acted on.
  return rows.map(([name, value]) => [name, escapeControlCharacters(value)] as const);
}

/**
 * The same claims as an object for `--json`: `exp` stays a number and `expiresAt` / `expiresInSeconds`
 * are added.
 *
 * @example
 * ```ts
 * JSON.stringify(claimsObject(claims, "gitlab", Date.now()));
 * ```
 */
export function claimsObject(
  claims: AssertionClaims,
  provider: string,
  nowMs: number,
): Record<string, unknown> {
  const result: Record<string, unknown> = { iss: claims.iss, sub: claims.sub, aud: claims.aud };
  if (typeof claims.exp === "number") {
    result.exp = claims.exp;
    result.expiresAt = new Date(claims.exp * 1000).toISOString();
    result.expiresInSeconds = Math.round(claims.exp - nowMs / 1000);
  }
  if (typeof claims.iat === "number") result.iat = claims.iat;
  if (typeof claims.nbf === "number") result.nbf = claims.nbf;
  for (const path of PLATFORM_CLAIMS[provider] ?? otherClaimPaths(claims)) {
    const value = claimAt(claims, path);
    if (value !== undefined) result[path] = value;
  }
  return result;
}

const PLATFORM_CLAIMS: Readonly<Record<string, readonly string[]>> = {
  "github-actions": [
    "repository",
    "repository_id",
    "repository_owner",
    "repository_owner_id",
    "environment",
    "ref",
    "ref_type",
    "event_name",
    "workflow_ref",
    "job_workflow_ref",
    "runner_environment",
  ],
  gitlab: [
    "project_path",
    "project_id",
    "namespace_path",
    "ref",
    "ref_type",
    "ref_protected",
    "environment",
    "environment_protected",
    "deployment_tier",
    "pipeline_source",
  ],
  // A token Entra issued for a managed identity: its object id, client id, home tenant, resource id.
  "managed-identity": ["oid", "azp", "tid", "xms_mirid", "idtyp"],
  kubernetes: ["kubernetes.io.namespace", "kubernetes.io.serviceaccount.name", "kubernetes.io.pod.name"],
  gcp: [
    "email",
    "azp",
    "google.compute_engine.project_id",
    "google.compute_engine.zone",
    "google.compute_engine.instance_name",
  ],
};

const STANDARD_CLAIMS = new Set(["iss", "sub", "aud", "exp", "nbf", "iat", "jti"]);

/** For a platform without a list: every other claim, nested objects flattened to dotted paths. */
function otherClaimPaths(claims: AssertionClaims): string[] {
  const paths: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      for (const [key, nested] of Object.entries(value)) walk(nested, path === "" ? key : `${path}.${key}`);
    } else if (!STANDARD_CLAIMS.has(path)) {
      paths.push(path);
    }
  };
  walk(claims, "");
  return paths;
}

function claimAt(claims: AssertionClaims, path: string): string | undefined {
  let value: unknown = claims;
  // Try the whole path as one key first: claim names may contain dots (kubernetes.io).
  const segments = splitPath(claims, path);
  for (const segment of segments) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  if (value == null) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function splitPath(claims: AssertionClaims, path: string): string[] {
  if (path in claims) return [path];
  if (path.startsWith("kubernetes.io."))
    return ["kubernetes.io", ...path.slice("kubernetes.io.".length).split(".")];
  return path.split(".");
}

function describeTime(epochSeconds: number, nowMs: number): string {
  return `${new Date(epochSeconds * 1000).toISOString()} (${relativeTime(epochSeconds * 1000, nowMs)})`;
}
