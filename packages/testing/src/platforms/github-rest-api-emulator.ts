import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Dispatcher } from "undici";
import { InvalidEmulatorOptionError } from "../invalid-option-error";
import { type TestCertificateAuthority, testCertificateAuthority } from "../servers/certificate-authority";
import { startHttpsServer } from "../servers/https-server";
import { sendJson } from "../servers/json-response";
import { sameSecret } from "../servers/request-secret";

/**
 * A repository the GitHub REST emulator knows: its names, ids, visibility and OIDC subject settings.
 *
 * @example
 * ```ts
 * const repository: GitHubRestRepository = {
 *   fullName: "contoso/webapp",
 *   ownerId: 123456,
 *   repositoryId: 456789,
 *   immutable: true,
 * };
 * ```
 */
export interface GitHubRestRepository {
  /** `owner/repo` as GitHub spells it; requests match it whatever their letter case, as GitHub's do. */
  readonly fullName: string;
  readonly ownerId: number;
  readonly repositoryId: number;
  /** A private repository answers 404 to a token not in `readers`. Default false. */
  readonly private?: boolean | undefined;
  /** Tokens that can read this private repository. Default: the emulator's token. */
  readonly readers?: readonly string[] | undefined;
  /** Whether its OIDC subjects use the immutable form (`repo:{owner}@{ownerId}/{repo}@{repositoryId}`). Default false. */
  readonly immutable?: boolean | undefined;
  /**
   * The `use_immutable_subject` GitHub answers. Default `immutable`. Repositories created after
   * 2026-07-15 were seen answering `false` with an immutable `sub_claim_prefix`: set this to `false`
   * and `immutable` to `true` to emulate them.
   */
  readonly useImmutableSubject?: boolean | undefined;
  /** `use_default` of the customisation. Default true. */
  readonly useDefault?: boolean | undefined;
  /** `include_claim_keys` of the customisation, when `useDefault` is false. */
  readonly includeClaimKeys?: readonly string[] | undefined;
  /** Leave `sub_claim_prefix` out of the customisation answer (as older answers do). Default false. */
  readonly omitSubClaimPrefix?: boolean | undefined;
}

/**
 * Options of {@link startGitHubRestApiEmulator}.
 *
 * @example
 * ```ts
 * const options: GitHubRestApiEmulatorOptions = {
 *   repositories: [{ fullName: "contoso/webapp", ownerId: 1, repositoryId: 2 }],
 * };
 * ```
 */
export interface GitHubRestApiEmulatorOptions {
  readonly repositories?: readonly GitHubRestRepository[] | undefined;
  /** The token the emulator accepts. Default: a random one ({@link GitHubRestApiEmulator.token}). */
  readonly token?: string | undefined;
  /** The CA that signs its certificate. Default the process's test CA. */
  readonly ca?: TestCertificateAuthority | undefined;
}

/**
 * One request the emulator received, without its token.
 *
 * @example
 * ```ts
 * const request: GitHubRestRequest = { method: "GET", path: "/repos/contoso/webapp", authorized: true, status: 200 };
 * ```
 */
export interface GitHubRestRequest {
  readonly method: string;
  readonly path: string;
  /** Whether it carried the emulator's (or a reader's) token as `Authorization: Bearer …` or `token …`. */
  readonly authorized: boolean;
  readonly status: number;
}

/**
 * A running GitHub REST API emulator over HTTPS on 127.0.0.1.
 *
 * @example
 * ```ts
 * const api = await startGitHubRestApiEmulator({ repositories: [{ fullName: "contoso/webapp", ownerId: 1, repositoryId: 2 }] });
 * await readGitHubSubjectSettings("contoso/webapp", { token: api.token, apiUrl: api.url, dispatcher: api.dispatcher });
 * api.requestCount; // 2
 * await api.close();
 * ```
 */
export interface GitHubRestApiEmulator {
  /** The API's base URL (`GITHUB_API_URL`), `https://127.0.0.1:PORT`. */
  readonly url: string;
  /** The token it accepts. */
  readonly token: string;
  /** An undici dispatcher that trusts its certificate. */
  readonly dispatcher: Dispatcher;
  readonly ca: TestCertificateAuthority;
  /** The requests received so far, without tokens. */
  readonly requests: readonly GitHubRestRequest[];
  readonly requestCount: number;
  /** Adds or replaces a repository. */
  setRepository(repository: GitHubRestRepository): void;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

const DOCUMENTATION_URL = "https://docs.github.com/rest";
const REPOSITORY_PATH = /^\/repos\/([^/]+)\/([^/]+)(\/actions\/oidc\/customization\/sub)?\/?$/;

/**
 * Starts an emulator of the two GitHub REST endpoints that decide a repository's OIDC subject:
 * `GET /repos/{owner}/{repo}` (`id`, `name`, `full_name`, `owner.login`, `owner.id`, `private`) and
 * `GET /repos/{owner}/{repo}/actions/oidc/customization/sub` (`use_default`, `include_claim_keys`,
 * `use_immutable_subject`, `sub_claim_prefix`). Like GitHub it answers 401 `Bad credentials` to a
 * missing or wrong token and 404 `Not Found` to an unknown repository or a private one the token
 * cannot read, matches names whatever their letter case, and counts requests.
 *
 * @see github/docs `content/actions/reference/security/oidc.md` "Immutable subject claims" (commit 051718f2, read 2026-12-07)
 *
 * @example
 * ```ts
 * const api = await startGitHubRestApiEmulator({
 *   repositories: [{ fullName: "contoso/webapp", ownerId: 123456, repositoryId: 456789, immutable: true }],
 * });
 * const env = { GH_TOKEN: api.token, GITHUB_API_URL: api.url };
 * await api.close();
 * ```
 */
export async function startGitHubRestApiEmulator(
  options: GitHubRestApiEmulatorOptions = {},
): Promise<GitHubRestApiEmulator> {
  const token = options.token ?? `ghp_${randomBytes(18).toString("hex")}`;
  if (typeof token !== "string" || !/^\S{8,200}$/.test(token)) {
    throw new InvalidEmulatorOptionError({
      field: "token",
      value: "[redacted]",
      expected: "8 to 200 non-space characters",
    });
  }
  const ca = options.ca ?? (await testCertificateAuthority());
  const repositories = new Map<string, GitHubRestRepository>();
  const setRepository = (repository: GitHubRestRepository): void => {
    repositories.set(checkRepository(repository).fullName.toLowerCase(), repository);
  };
  for (const repository of options.repositories ?? []) setRepository(repository);
  const requests: GitHubRestRequest[] = [];

  const known = (value: string): boolean =>
    sameSecret(value, token) ||
    [...repositories.values()].some((repository) =>
      (repository.readers ?? []).some((reader) => sameSecret(value, reader)),
    );

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? "/", "https://127.0.0.1").pathname;
    const given = bearer(request.headers.authorization);
    const authorized = given !== undefined && known(given);
    const answer = (status: number, body: unknown): void => {
      requests.push({ method: request.method ?? "GET", path, authorized, status });
      sendJson(response, status, body, { "x-github-media-type": "github.v3; format=json" });
    };
    const notFound = () =>
      answer(404, { message: "Not Found", documentation_url: DOCUMENTATION_URL, status: "404" });
    if (given !== undefined && !authorized) {
      return answer(401, { message: "Bad credentials", documentation_url: DOCUMENTATION_URL, status: "401" });
    }
    const match = request.method === "GET" ? REPOSITORY_PATH.exec(path) : null;
    if (!match) return notFound();
    const settingsAsked = match[3] !== undefined;
    if (settingsAsked && !authorized) {
      // Actions settings are never shown without authentication.
      return answer(401, {
        message: "Requires authentication",
        documentation_url: DOCUMENTATION_URL,
        status: "401",
      });
    }
    const key = `${safeDecode(match[1])}/${safeDecode(match[2])}`.toLowerCase();
    const repository = repositories.get(key);
    const readable =
      repository !== undefined &&
      (!repository.private ||
        (given !== undefined && (repository.readers ?? [token]).some((reader) => sameSecret(given, reader))));
    if (!repository || !readable) return notFound();
    const [owner, name] = repository.fullName.split("/") as [string, string];
    if (!settingsAsked) {
      return answer(200, {
        id: repository.repositoryId,
        name,
        full_name: repository.fullName,
        private: repository.private ?? false,
        owner: { login: owner, id: repository.ownerId, type: "Organization" },
      });
    }
    const immutable = repository.immutable ?? false;
    answer(200, {
      use_default: repository.useDefault ?? true,
      ...(repository.useDefault === false && repository.includeClaimKeys
        ? { include_claim_keys: [...repository.includeClaimKeys] }
        : {}),
      use_immutable_subject: repository.useImmutableSubject ?? immutable,
      ...(repository.omitSubClaimPrefix
        ? {}
        : {
            sub_claim_prefix: immutable
              ? `repo:${owner}@${repository.ownerId}/${name}@${repository.repositoryId}`
              : `repo:${owner}/${name}`,
          }),
    });
  };

  const server = await startHttpsServer(handle, { ca });
  return {
    url: server.url,
    token,
    dispatcher: ca.dispatcher,
    ca,
    get requests() {
      return [...requests];
    },
    get requestCount() {
      return requests.length;
    },
    setRepository,
    close: () => server.close(),
  };
}

function bearer(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:Bearer|token)\s+(\S+)$/i.exec(header.trim());
  return match ? match[1] : "";
}

function safeDecode(value: string | undefined): string {
  try {
    return decodeURIComponent(value ?? "");
  } catch {
    return "";
  }
}

function checkRepository(repository: GitHubRestRepository): GitHubRestRepository {
  if (
    typeof repository?.fullName !== "string" ||
    !/^[A-Za-z0-9_-]+\/[A-Za-z0-9_.-]+$/.test(repository.fullName)
  ) {
    throw new InvalidEmulatorOptionError({
      field: "repositories[].fullName",
      value: repository?.fullName,
      expected: 'a repository as "owner/repo"',
    });
  }
  for (const field of ["ownerId", "repositoryId"] as const) {
    if (!Number.isSafeInteger(repository[field]) || repository[field] <= 0) {
      throw new InvalidEmulatorOptionError({
        field: `repositories[].${field}`,
        value: repository[field],
        expected: "a positive integer id",
      });
    }
  }
  return repository;
}
