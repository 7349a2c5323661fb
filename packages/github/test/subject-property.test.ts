import {
  claimsOf,
  type GitHubActionsEmulator,
  type GitHubActionsJob,
  startGitHubActionsEmulator,
} from "@azfed/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitHubSubjectOptions, githubActions, githubSubject } from "../src/index";

let github: GitHubActionsEmulator;
beforeAll(async () => {
  github = await startGitHubActionsEmulator();
});
afterAll(() => github.close());

const fromCharacters = (characters: string, minLength: number, maxLength: number) =>
  fc.array(fc.constantFrom(...characters), { minLength, maxLength }).map((list) => list.join(""));

const ALNUM = "abcXYZ019";
const owner = fc
  .tuple(fromCharacters(ALNUM, 1, 1), fromCharacters(`${ALNUM}-`, 0, 12))
  .map(([first, rest]) => first + rest);
const repositoryName = fromCharacters(`${ALNUM}._-`, 1, 16).filter((name) => name !== "." && name !== "..");

/** Environment names: colons, slashes, dots, percent signs, spaces inside, unicode, mixed case. */
const environment = fromCharacters(`${ALNUM}:/.%-_ üÉ漢Ω☁`, 1, 30).filter(
  (name) => name.trim() === name && name.length > 0,
);

/** Branch and tag names git accepts: slash-separated parts of letters (unicode too), digits, dots, dashes. */
const refPart = fc
  .tuple(fromCharacters(`${ALNUM}üÉ漢`, 1, 1), fromCharacters(`${ALNUM}üÉ漢._-`, 0, 10))
  .map(([first, rest]) => first + rest)
  .filter((part) => !part.includes("..") && !part.endsWith(".") && !part.endsWith(".lock"));
const refName = fc.array(refPart, { minLength: 1, maxLength: 3 }).map((parts) => parts.join("/"));

const context = fc.oneof(
  fc.record({ kind: fc.constant("environment" as const), name: environment }),
  fc.record({ kind: fc.constant("pull_request" as const) }),
  fc.record({ kind: fc.constant("branch" as const), name: refName }),
  fc.record({ kind: fc.constant("tag" as const), name: refName }),
);

const ids = fc.option(
  fc.record({
    ownerId: fc.integer({ min: 1, max: 2 ** 31 }),
    repositoryId: fc.integer({ min: 1, max: 2 ** 31 }),
  }),
  { nil: undefined },
);

/** Templates: GitHub's default, or an ordered pick of keys the job's token has. */
const template = fc.option(
  fc.shuffledSubarray(
    [
      "repo",
      "context",
      "job_workflow_ref",
      "repository_owner",
      "repository_id",
      "repository_owner_id",
      "actor",
      "event_name",
      "ref",
      "environment",
    ],
    { minLength: 1 },
  ),
  { nil: undefined },
);

const scenario = fc.record({ owner, repositoryName, context, ids, template, workflowFile: refPart });

describe("githubSubject equals the sub GitHub (emulated) puts in the token", () => {
  it("for generated repositories, contexts, immutable ids and templates", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ owner, repositoryName, context, ids, template, workflowFile }) => {
        const repository = `${owner}/${repositoryName}`;
        // A template may only name claims the job has: `environment` needs an environment.
        const claimKeys = template?.filter((key) => key !== "environment" || context.kind === "environment");
        fc.pre(claimKeys === undefined || claimKeys.length > 0);

        const ref =
          context.kind === "branch"
            ? `refs/heads/${context.name}`
            : context.kind === "tag"
              ? `refs/tags/${context.name}`
              : context.kind === "pull_request"
                ? "refs/pull/42/merge"
                : "refs/heads/main";
        const job: Partial<GitHubActionsJob> = {
          repository,
          ref,
          eventName: context.kind === "pull_request" ? "pull_request" : "push",
          environment: context.kind === "environment" ? context.name : undefined,
          repositoryOwnerId: String(ids?.ownerId ?? 77),
          repositoryId: String(ids?.repositoryId ?? 88),
          immutableSubject: ids !== undefined,
          jobWorkflowRef: `contoso/ci/.github/workflows/${workflowFile}.yml@refs/heads/main`,
          claimKeys: claimKeys ?? ["repo", "context"],
        };
        github.setJob(job);
        const token = await githubActions({ env: github.env(), dispatcher: github.dispatcher }).getAssertion({
          audience: "api://AzureADTokenExchange",
        });
        const presented = claimsOf(token);

        // Claims the builder cannot derive from its options are given, as a user copies them from a token.
        const derivable = new Set([
          "repository_owner",
          ...(ids ? ["repository_id", "repository_owner_id"] : []),
          ...(context.kind === "environment" ? ["environment"] : []),
          ...(context.kind === "branch" || context.kind === "tag" ? ["ref"] : []),
          ...(context.kind === "pull_request" ? ["event_name"] : []),
        ]);
        const claims = Object.fromEntries(
          (claimKeys ?? [])
            .filter((key) => key !== "repo" && key !== "context" && !derivable.has(key))
            .map((key) => [key, String(presented[key])]),
        );
        const options: GitHubSubjectOptions = {
          repository,
          ...(ids ?? {}),
          ...(context.kind === "environment" ? { environment: context.name } : {}),
          ...(context.kind === "pull_request" ? { pullRequest: true } : {}),
          ...(context.kind === "branch" ? { branch: context.name } : {}),
          ...(context.kind === "tag" ? { tag: context.name } : {}),
          ...(claimKeys ? { claimKeys, claims } : {}),
        };
        expect(githubSubject(options)).toBe(presented.sub);
      }),
      { numRuns: 150 },
    );
  });

  it("escapes every ':' of an environment name and nothing else", () => {
    fc.assert(
      fc.property(owner, repositoryName, environment, (owner, name, environment) => {
        const subject = githubSubject({ repository: `${owner}/${name}`, environment });
        const written = subject.slice(`repo:${owner}/${name}:environment:`.length);
        expect(written).not.toContain(":");
        expect(written.replaceAll("%3A", ":")).toBe(environment.replaceAll("%3A", ":"));
        expect(written.split("%3A").length - 1).toBe(
          (environment.match(/:/g)?.length ?? 0) + (environment.match(/%3A/g)?.length ?? 0),
        );
      }),
    );
  });
});
