import { AssertionFetchError, InvalidInputError } from "@azfed/core";
import { type HttpRequest, type HttpResponse, sendRequest } from "@azfed/core/provider";
import { requireRepository } from "./github-names";
import { githubSubject } from "./github-subject";
import type { GitHubOidcCustomization, GitHubSubjectOptions } from "./github-subject-options";

/**
 * Where and how {@link readGitHubSubjectSettings} asks GitHub's REST API.
 *
 * @example
 * ```ts
 * const options: GitHubApiOptions = { token: process.env.GH_TOKEN ?? "", apiUrl: "https://api.github.com" };
 * ```
 */
export interface GitHubApiOptions {
  /**
   * A token that can read the repository (`GH_TOKEN` / `GITHUB_TOKEN`; a classic token needs `repo`
   * for a private repository). Sent only to `apiUrl`; never logged or put in an error.
   */
  readonly token: string;
  /** The REST API's base URL (`GITHUB_API_URL`). Default `https://api.github.com`. */
  readonly apiUrl?: string | undefined;
  /** Budget for both requests, retries included. Default 15 s. */
  readonly timeoutMs?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  /** An undici dispatcher (proxy, custom CA). */
  readonly dispatcher?: HttpRequest["dispatcher"] | undefined;
}

/**
 * What GitHub says about a repository's OIDC subjects: its canonical names and ids
 * (`GET /repos/{owner}/{repo}`) and its subject customisation
 * (`GET /repos/{owner}/{repo}/actions/oidc/customization/sub`).
 *
 * @example
 * ```ts
 * const settings = await readGitHubSubjectSettings("contoso/webapp", { token });
 * settings.immutable; // true for a repository created after 2026-07-15
 * ```
 */
export interface GitHubSubjectSettings {
  /** `owner/repo` as GitHub spells it (the token's letter case). */
  readonly repository: string;
  readonly ownerId: string;
  readonly repositoryId: string;
  /** The customisation answer: `use_default`, `include_claim_keys`, and where present `use_immutable_subject`, `sub_claim_prefix`. */
  readonly customization: GitHubOidcCustomization & {
    readonly use_immutable_subject?: boolean | undefined;
    readonly sub_claim_prefix?: string | undefined;
  };
  /** Whether the token's `sub` names the repository as `repo:{owner}@{ownerId}/{repo}@{repositoryId}`. */
  readonly immutable: boolean;
  /** What GitHub's answers leave open, in a sentence; empty when they settle the form. */
  readonly caveat: string;
}

const DEFAULT_API_URL = "https://api.github.com";
const MAX_BODY_BYTES = 256 * 1024;
const NUMERIC_ID = /^[1-9][0-9]{0,19}$/;
const CLAIM_KEY = /^[A-Za-z0-9_]{1,100}$/;

/**
 * Reads from GitHub's REST API what decides a repository's OIDC `sub`: its ids and canonical names
 * (`GET /repos/{owner}/{repo}`: `id`, `owner.id`, `full_name`) and its subject customisation
 * (`GET /repos/{owner}/{repo}/actions/oidc/customization/sub`: `use_default`, `include_claim_keys`,
 * `use_immutable_subject`, `sub_claim_prefix`). No job variable tells whether a repository uses the
 * immutable form (the default for repositories created, renamed or transferred after 2026-07-15):
 * `sub_claim_prefix`, when GitHub sends it, is the repository part the token carries and decides;
 * else `use_immutable_subject`. Answers are bounded (256 KiB, `timeoutMs`); a 401 or 404 is an
 * `AssertionFetchError` saying what to check, never quoting the token.
 *
 * @see github/docs `content/actions/reference/security/oidc.md` "Immutable subject claims" (commit 051718f2, read 2026-12-07)
 *
 * @example
 * ```ts
 * const settings = await readGitHubSubjectSettings("contoso/webapp", { token: process.env.GH_TOKEN ?? "" });
 * console.log(settings.immutable, settings.customization.sub_claim_prefix);
 * ```
 */
export async function readGitHubSubjectSettings(
  repository: string,
  options: GitHubApiOptions,
): Promise<GitHubSubjectSettings> {
  const name = requireRepository("repository", repository);
  if (typeof options?.token !== "string" || options.token.trim() === "" || /\s/.test(options.token)) {
    throw new InvalidInputError({
      field: "token",
      value: options?.token === undefined ? undefined : "[redacted]",
      expected: "a GitHub token that can read the repository (GH_TOKEN or GITHUB_TOKEN)",
      fix: "export GH_TOKEN=$(gh auth token), or set GITHUB_TOKEN",
    });
  }
  const base = apiBase(options.apiUrl);
  const path = `/repos/${encodeURIComponent(name.owner)}/${encodeURIComponent(name.name)}`;
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  const repo = objectOf(await getJson(`${base}${path}`, options, deadline), "repository");
  const owner = objectOf(repo.owner, "repository owner");
  const custom = objectOf(
    await getJson(`${base}${path}/actions/oidc/customization/sub`, options, deadline),
    "OIDC customisation",
  );
  const canonical = requireRepository("full_name", stringOf(repo.full_name, "full_name"));
  const ownerId = idOf(owner.id, "owner.id");
  const repositoryId = idOf(repo.id, "id");
  const customization = customizationOf(custom);
  const named = `repo:${canonical.owner}/${canonical.name}`;
  const withIds = `repo:${canonical.owner}@${ownerId}/${canonical.name}@${repositoryId}`;
  const prefix = customization.sub_claim_prefix;
  if (prefix !== undefined && prefix !== named && prefix !== withIds) {
    throw apiError(
      `GitHub's sub_claim_prefix for ${canonical.owner}/${canonical.name} is ${JSON.stringify(prefix)}, neither ${JSON.stringify(named)} nor ${JSON.stringify(withIds)}: compare with the sub claim of a real token (github/actions-oidc-debugger).`,
    );
  }
  const immutable = prefix !== undefined ? prefix === withIds : customization.use_immutable_subject === true;
  const caveat =
    prefix !== undefined
      ? ""
      : `GitHub's answer has no sub_claim_prefix, so the form is read from use_immutable_subject (${String(customization.use_immutable_subject)}); a repository created, renamed or transferred after 2026-07-15 uses ${withIds}:… by default.`;
  return {
    repository: `${canonical.owner}/${canonical.name}`,
    ownerId,
    repositoryId,
    customization,
    immutable,
    caveat,
  };
}

/**
 * The subject the repository's OIDC tokens will carry for a context (environment, branch, tag, pull
 * request, ref), built from what GitHub's REST API says of the repository: its ids when it uses the
 * immutable form, its customised template when it has one (`use_default: false` with
 * `include_claim_keys`). See {@link readGitHubSubjectSettings}.
 *
 * @example
 * ```ts
 * const { subject } = await githubSubjectFromRepository(
 *   { repository: "contoso/webapp", environment: "production" },
 *   { token: process.env.GH_TOKEN ?? "" },
 * );
 * // "repo:contoso@123456/webapp@456789:environment:production" for a repository on the immutable form
 * ```
 */
export async function githubSubjectFromRepository(
  options: GitHubSubjectOptions,
  api: GitHubApiOptions,
): Promise<{ readonly subject: string; readonly settings: GitHubSubjectSettings }> {
  const settings = await readGitHubSubjectSettings(options?.repository, api);
  return { subject: githubSubject(withGitHubSubjectSettings(options, settings)), settings };
}

/**
 * Subject options completed with what GitHub said of the repository: its canonical names, its ids
 * when it uses the immutable form (replacing any given), its customised template unless `claimKeys`
 * or `customization` is given, and the values of the id claims that template names.
 *
 * @example
 * ```ts
 * const settings = await readGitHubSubjectSettings("contoso/webapp", { token });
 * githubSubject(withGitHubSubjectSettings({ repository: "contoso/webapp", branch: "main" }, settings));
 * ```
 */
export function withGitHubSubjectSettings(
  options: GitHubSubjectOptions,
  settings: GitHubSubjectSettings,
): GitHubSubjectOptions {
  const { ownerId: _ownerId, repositoryId: _repositoryId, ...rest } = options;
  const custom = settings.customization;
  const useTemplate = options.claimKeys === undefined && options.customization === undefined;
  const keys = useTemplate
    ? custom.use_default
      ? []
      : (custom.include_claim_keys ?? [])
    : (options.claimKeys ?? []);
  const ids: Readonly<Record<string, string>> = {
    repository_owner_id: settings.ownerId,
    repository_id: settings.repositoryId,
  };
  const idClaims = Object.fromEntries(Object.entries(ids).filter(([key]) => keys.includes(key)));
  return {
    ...rest,
    repository: settings.repository,
    ...(settings.immutable ? { ownerId: settings.ownerId, repositoryId: settings.repositoryId } : {}),
    ...(useTemplate
      ? { customization: { use_default: custom.use_default, include_claim_keys: custom.include_claim_keys } }
      : {}),
    ...(Object.keys(idClaims).length > 0 || options.claims
      ? { claims: { ...idClaims, ...options.claims } }
      : {}),
  };
}

function apiBase(apiUrl: string | undefined): string {
  const value = apiUrl ?? DEFAULT_API_URL;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== "https:" || url.username || url.password || url.search || url.hash) {
    throw new InvalidInputError({
      field: "apiUrl",
      value,
      expected: "an https URL of GitHub's REST API, e.g. https://api.github.com or https://HOST/api/v3",
      fix: "set GITHUB_API_URL (GitHub sets it in every job) or pass --api-url",
    });
  }
  return url.href.replace(/\/+$/, "");
}

async function getJson(url: string, options: GitHubApiOptions, deadline: number): Promise<unknown> {
  const request: HttpRequest = {
    url,
    headers: {
      accept: "application/vnd.github+json",
      authorization: `Bearer ${options.token}`,
      "x-github-api-version": "2022-11-28",
      "user-agent": "azfed",
    },
    timeoutMs: Math.max(1, deadline - Date.now()),
    deadline,
    maxBodyBytes: MAX_BODY_BYTES,
    signal: options.signal,
    dispatcher: options.dispatcher,
    caller: "github-api",
  };
  const response = await sendRequest(request);
  if (response.status !== 200) throw refusal(response);
  try {
    return JSON.parse(response.body) as unknown;
  } catch {
    throw apiError(`GitHub's API answered ${safePath(response.url)} with a body that is not JSON.`);
  }
}

function apiError(message: string, statusCode?: number): AssertionFetchError {
  return new AssertionFetchError({ provider: "github-api", message, statusCode });
}

function refusal(response: HttpResponse): AssertionFetchError {
  const where = safePath(response.url);
  if (response.status === 401) {
    return apiError(
      `GitHub's API refused the token (401) for ${where}: it is expired, revoked or not a GitHub token. Fix: export GH_TOKEN=$(gh auth token), or create a token that can read the repository.`,
      401,
    );
  }
  if (response.status === 404 || response.status === 403) {
    return apiError(
      `GitHub's API answered ${response.status} for ${where}: the repository does not exist, or the token cannot read it (a private repository needs a token with access to it; the OIDC customisation needs the repo scope or, for a GitHub App, actions read access). Fix: check the owner/repo spelling and the token's access.`,
      response.status,
    );
  }
  return apiError(`GitHub's API answered ${response.status} for ${where}.`, response.status);
}

/** The path of a URL, without query or credentials, for messages. */
function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "the request";
  }
}

function objectOf(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw apiError(`GitHub's API answered without the ${what} object azfed reads.`);
  }
  return value as Record<string, unknown>;
}

function stringOf(value: unknown, field: string): string {
  if (typeof value !== "string" || value.length > 300) {
    throw apiError(`GitHub's API answered a ${field} that is not a repository name.`);
  }
  return value;
}

function idOf(value: unknown, field: string): string {
  const text = typeof value === "number" && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== "string" || !NUMERIC_ID.test(text)) {
    throw apiError(`GitHub's API answered a ${field} that is not a numeric id.`);
  }
  return text;
}

function customizationOf(body: Record<string, unknown>): GitHubSubjectSettings["customization"] {
  if (typeof body.use_default !== "boolean") {
    throw apiError("GitHub's OIDC customisation answer has no boolean use_default.");
  }
  const keys = body.include_claim_keys;
  if (
    keys !== undefined &&
    keys !== null &&
    (!Array.isArray(keys) ||
      keys.length > 50 ||
      !keys.every((key) => typeof key === "string" && CLAIM_KEY.test(key)))
  ) {
    throw apiError("GitHub's OIDC customisation answer has include_claim_keys that are not claim names.");
  }
  const immutable = body.use_immutable_subject;
  const prefix = body.sub_claim_prefix;
  return {
    use_default: body.use_default,
    ...(Array.isArray(keys) ? { include_claim_keys: keys as string[] } : {}),
    ...(typeof immutable === "boolean" ? { use_immutable_subject: immutable } : {}),
    ...(typeof prefix === "string" && prefix.length <= 600 ? { sub_claim_prefix: prefix } : {}),
  };
}
