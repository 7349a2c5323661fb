import { issuerPlatform } from "../issuer-platform";
import type { ProblemCollector } from "./fic-problem";

/** Warnings for a subject that does not look like those of its issuer's platform. */
export function checkSubjectShape(subject: string, issuer: string, problems: ProblemCollector): void {
  const platform = issuerPlatform(issuer, subject);
  if (platform === "github-actions") {
    const advice = githubSubjectAdvice(subject);
    if (advice) problems.warning("subject", subject, "github-subject-shape", advice);
  } else if (platform === "gitlab") {
    if (/:ref:refs\/(heads|tags)\//.test(subject)) {
      problems.warning(
        "subject",
        subject,
        "gitlab-subject-shape",
        'GitLab writes the ref without "refs/heads/" or "refs/tags/" (project_path:group/project:ref_type:branch:ref:main). Fix: remove that prefix',
      );
    } else if (/^project_path:/.test(subject) && !/:ref_type:(branch|tag):ref:./.test(subject)) {
      problems.warning(
        "subject",
        subject,
        "gitlab-subject-shape",
        "GitLab's default subject is project_path:{group}/{project}:ref_type:{branch|tag}:ref:{name}. Fix: compare it with the `sub` of a real token",
      );
    }
  } else if (platform === "kubernetes" && subject.startsWith("system:serviceaccount:")) {
    const parts = subject.split(":");
    if (parts.length !== 4 || parts[2] === "" || parts[3] === "") {
      problems.warning(
        "subject",
        subject,
        "kubernetes-subject-shape",
        "a service account's subject is system:serviceaccount:{namespace}:{service account}. Fix: name both the namespace and the service account",
      );
    }
  }
}

function githubSubjectAdvice(subject: string): string | undefined {
  const ref = subject.match(/:ref:([^:]*)/)?.[1];
  if (ref !== undefined && !ref.startsWith("refs/")) {
    return `GitHub writes a branch as ref:refs/heads/{branch} and a tag as ref:refs/tags/{tag}. Fix: use ${JSON.stringify(subject.replace(`:ref:${ref}`, `:ref:refs/heads/${ref}`))} for a branch`;
  }
  if (/:(branch|tag):/.test(subject)) {
    return "GitHub's subject has no branch: or tag: key; a branch is ref:refs/heads/{branch}, a tag ref:refs/tags/{tag}. Fix: compare it with the `sub` of a real token";
  }
  if (/:(pull-request|pullrequest|pr)(:|$)/i.test(subject) || /:pull_request:/.test(subject)) {
    return "GitHub's pull request subject ends with :pull_request, with nothing after it. Fix: use repo:{owner}/{repo}:pull_request";
  }
  if (/:environment:?$/.test(subject)) {
    return "the environment name is missing. Fix: use repo:{owner}/{repo}:environment:{name}";
  }
  if (subject.startsWith("repo:") && !/^repo:[^:/]+\/[^:/]+(:|$)/.test(subject)) {
    return "GitHub subjects start with repo:{owner}/{repo}. Fix: name both the owner and the repository";
  }
  return undefined;
}
