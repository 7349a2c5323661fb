import { InvalidInputError } from "@azfed/core";
import { requireGitRefName, requireSubjectPart } from "@azfed/core/provider";
import { requireEnvironmentName } from "./github-names";
import type { GitHubSubjectOptions } from "./github-subject-options";
import { escapeSubjectValue } from "./subject-escaping";

/**
 * The events whose jobs present the `pull_request` context in GitHub's default subject ("when the
 * workflow is triggered by a pull request event").
 *
 * @see https://docs.github.com/en/actions/reference/security/oidc#filtering-for-pull_request-events
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows
 *
 * @example
 * ```ts
 * GITHUB_PULL_REQUEST_EVENTS.includes("pull_request_target"); // true
 * ```
 */
export const GITHUB_PULL_REQUEST_EVENTS: readonly string[] = Object.freeze([
  "pull_request",
  "pull_request_target",
  "pull_request_review",
  "pull_request_review_comment",
]);

/**
 * The context part of GitHub's default subject: which of environment, pull request, branch or tag the
 * subject names.
 *
 * @internal
 */
export type GitHubSubjectContext =
  | { readonly kind: "environment"; readonly name: string }
  | { readonly kind: "pull_request" }
  | { readonly kind: "branch"; readonly name: string }
  | { readonly kind: "tag"; readonly name: string }
  | { readonly kind: "ref"; readonly ref: string };

const CONTEXT_FIELDS = "environment, branch, tag or pullRequest: true";

/**
 * The context GitHub's default subject names for these options, checked, with GitHub's precedence
 * (environment, then a pull request event, then the ref). `required` when the template has `context`.
 *
 * @internal
 */
export function readContext(
  options: GitHubSubjectOptions,
  required: boolean,
): GitHubSubjectContext | undefined {
  if (options.pullRequest !== undefined && typeof options.pullRequest !== "boolean") {
    throw new InvalidInputError({
      field: "pullRequest",
      value: options.pullRequest,
      expected: "true for jobs of pull request workflows, or leave it out",
      fix: "pass pullRequest: true",
    });
  }
  const event =
    options.event === undefined
      ? undefined
      : requireSubjectPart("event", options.event, {
          pattern: /^[a-z_]+$/,
          expected: "the event name GitHub sets in GITHUB_EVENT_NAME, e.g. push or pull_request_target",
          fix: "pass the job's GITHUB_EVENT_NAME",
        });
  const given = {
    ...(options.environment !== undefined ? { environment: options.environment } : {}),
    ...(options.branch !== undefined ? { branch: options.branch } : {}),
    ...(options.tag !== undefined ? { tag: options.tag } : {}),
    ...(options.ref !== undefined ? { ref: options.ref } : {}),
    ...(options.pullRequest ? { pullRequest: true } : {}),
  };
  const refNames = ["branch", "tag", "ref"].filter((name) => name in given);
  if (refNames.length > 1) {
    throw new InvalidInputError({
      field: refNames.join(" and "),
      value: given,
      expected: "at most one of branch, tag or ref (a job runs on one ref)",
      fix: "keep the one the job runs on",
    });
  }
  // branch, tag and pullRequest are shorthands that name the one context: two of them contradict.
  // ref and event describe the job instead; GitHub's precedence then picks the context.
  const shorthands = ["environment", "branch", "tag", "pullRequest"].filter((name) => name in given);
  if (required && options.ref === undefined && event === undefined && shorthands.length !== 1) {
    throw new InvalidInputError({
      field: CONTEXT_FIELDS.replace(": true", ""),
      value: given,
      expected: `exactly one of ${CONTEXT_FIELDS}: GitHub's subject names one context`,
      fix:
        shorthands.length === 0
          ? 'pass the one the job runs under, e.g. branch: "main" (or describe the job with event and ref)'
          : 'keep only the one GitHub puts in the subject: environment when the job declares `environment:`, else pullRequest for pull request workflows, else the branch or tag (or use claimKeys without "context" to match several claims)',
    });
  }
  if (options.pullRequest && (options.branch !== undefined || options.tag !== undefined)) {
    throw new InvalidInputError({
      field: refNames.concat("pullRequest").join(" and "),
      value: given,
      expected:
        "pullRequest: true or a branch or tag, not both (a pull request job's subject names no branch)",
      fix: 'keep pullRequest: true, or pass ref: "refs/pull/{n}/merge" with event',
    });
  }
  const pullRequestEvent =
    options.pullRequest === true || (event !== undefined && GITHUB_PULL_REQUEST_EVENTS.includes(event));
  if (options.environment !== undefined && (required || Object.keys(given).length === 1)) {
    return { kind: "environment", name: requireEnvironmentName("environment", options.environment) };
  }
  if (pullRequestEvent) return { kind: "pull_request" };
  if (options.branch !== undefined)
    return { kind: "branch", name: requireGitRefName("branch", options.branch) };
  if (options.tag !== undefined) return { kind: "tag", name: requireGitRefName("tag", options.tag) };
  if (options.ref !== undefined) return fullRef(options.ref);
  if (required) {
    throw new InvalidInputError({
      field: "ref",
      value: given,
      expected: `the ref the job runs on for a ${event ?? "non pull request"} event`,
      fix: 'pass ref: the job\'s GITHUB_REF, e.g. "refs/heads/main"',
    });
  }
  return undefined;
}

/** A full ref as `GITHUB_REF` carries it; a branch or tag ref is kept as its kind. */
function fullRef(value: unknown): GitHubSubjectContext {
  const ref = requireSubjectPart("ref", value, {
    pattern: /^refs\/[^\s]+$/,
    expected: "a full git ref such as refs/heads/main, refs/tags/v1.0.0 or refs/pull/83/merge",
    fix: "pass the job's GITHUB_REF",
  });
  if (ref.startsWith("refs/heads/"))
    return { kind: "branch", name: requireGitRefName("branch", ref.slice(11)) };
  if (ref.startsWith("refs/tags/")) return { kind: "tag", name: requireGitRefName("tag", ref.slice(10)) };
  return { kind: "ref", ref };
}

/**
 * The full ref of a context (`refs/heads/…`, `refs/tags/…` or the ref as given), or undefined.
 *
 * @internal
 */
export function refOf(context: GitHubSubjectContext | undefined): string | undefined {
  if (context?.kind === "branch") return `refs/heads/${context.name}`;
  if (context?.kind === "tag") return `refs/tags/${context.name}`;
  if (context?.kind === "ref") return context.ref;
  return undefined;
}

/**
 * The `context` part of the subject: `environment:{name}`, `pull_request` or `ref:{ref}`.
 *
 * @internal
 */
export function contextPart(context: GitHubSubjectContext): string {
  switch (context.kind) {
    case "environment":
      return `environment:${escapeSubjectValue(context.name)}`;
    case "pull_request":
      return "pull_request";
    case "branch":
    case "tag":
    case "ref":
      return `ref:${escapeSubjectValue(refOf(context) as string)}`;
  }
}
