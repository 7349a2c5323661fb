import { EXPIRED, type PlatformCases } from "./platform-cases";

/** AWS's sample issuer and subject (IAM user guide, "Understanding token claims", read 2026-12-07). */
const ISSUER = "https://abc123-def456-ghi789-jkl012.tokens.sts.global.api.aws";
const ROLE = "arn:aws:iam::123456789012:role/DataProcessingRole";
const SESSION = "arn:aws:sts::123456789012:assumed-role/DataProcessingRole/i-0abc";

export const AWS_CASES: PlatformCases = {
  sample: { issuer: ISSUER, subject: ROLE },
  recognised: [
    [ISSUER, undefined, "aws"],
    ["https://a124dc86-7fee-4e8e-a98d-640682d5143c.tokens.sts.global.api.aws", undefined, "aws"],
    ["https://127.0.0.1:8443/a124dc86", ROLE, "aws"],
    ["https://127.0.0.1:8443/a124dc86", SESSION, "aws"],
    ["https://127.0.0.1:8443/a124dc86", "arn:aws-us-gov:iam::123456789012:role/app", "aws"],
    ["https://tokens.sts.global.api.aws", undefined, undefined],
    ["https://x.tokens.sts.global.api.aws.evil.example", undefined, undefined],
    ["https://sts.amazonaws.com", undefined, undefined],
    ["https://127.0.0.1:8443", "arn:aws:s3:::bucket", undefined],
    // An ARN subject under another platform's issuer stays that platform's.
    ["https://token.actions.githubusercontent.com", ROLE, "github-actions"],
  ],
  credentialName: { name: "aws-123456789012-role-DataProcessingRole" },
  // A role session's ARN: the validator names the role ARN to use instead.
  subjectWarnings: {
    rule: "aws-subject-shape",
    cases: [[SESSION, "arn:aws:iam::123456789012:role/DataProcessingRole"]],
  },
  subjectHints: [
    [ROLE, SESSION, "names a role session"],
    [ROLE, "arn:aws:iam::210987654321:role/DataProcessingRole", "different AWS account"],
    [ROLE, "arn:aws:iam::123456789012:role/Other", "different role: the workload runs as"],
    [ROLE, "arn:aws:iam::123456789012:role/etl/DataProcessingRole", "different role path"],
  ],
  diagnoses: [
    {
      aadsts: 700213,
      causes: `The credential's subject must be the role's ARN exactly, path included (${ROLE})`,
    },
    { aadsts: 700211, causes: "Each AWS account has its own issuer" },
    { aadsts: 700024, claims: EXPIRED, causes: "An AWS token lives DurationSeconds" },
  ],
};
