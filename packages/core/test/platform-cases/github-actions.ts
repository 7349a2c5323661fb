import type { PlatformCases } from "./platform-cases";

/** A job's token (the issuer and subject shapes of https://docs.github.com/en/actions/reference/security/oidc). */
const ISSUER = "https://token.actions.githubusercontent.com";
const SUBJECT = "repo:contoso/webapp:environment:production";

export const GITHUB_ACTIONS_CASES: PlatformCases = {
  sample: { issuer: ISSUER, subject: SUBJECT },
  recognised: [
    [ISSUER, undefined, "github-actions"],
    // An enterprise's slug issuer, GHE.com, GitHub Enterprise Server.
    ["https://token.actions.githubusercontent.com/contoso", undefined, "github-actions"],
    ["https://token.actions.contoso.ghe.com", undefined, "github-actions"],
    ["https://github.contoso.com/_services/token", undefined, "github-actions"],
  ],
  credentialName: { name: "github-contoso-webapp-environment-production" },
};
