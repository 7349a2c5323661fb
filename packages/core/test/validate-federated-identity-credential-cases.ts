// The credential and the helpers the validator tests share.
import { expect } from "vitest";
import type { FederatedIdentityCredential } from "../src/fic/federated-identity-credential";
import type { FicProblem, FicRule, FicValidationOptions } from "../src/fic/validation/fic-problem";

export const github: FederatedIdentityCredential = {
  name: "github-contoso-app-main",
  issuer: "https://token.actions.githubusercontent.com",
  subject: "repo:contoso/app:ref:refs/heads/main",
  audiences: ["api://AzureADTokenExchange"],
  description: "GitHub Actions, branch main",
};

export interface ErrorCase {
  readonly change: Record<string, unknown>;
  readonly field: string;
  readonly rule: FicRule;
  readonly message: RegExp;
}

export interface WarningCase extends ErrorCase {
  readonly options: FicValidationOptions;
}

export function only(problems: readonly FicProblem[], rule: FicRule): FicProblem {
  const matching = problems.filter((problem) => problem.rule === rule);
  expect(matching, JSON.stringify(problems)).toHaveLength(1);
  return matching[0] as FicProblem;
}
