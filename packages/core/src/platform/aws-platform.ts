import type { Platform } from "./platform";

/**
 * An account's outbound identity federation issuer host, `{id}.tokens.sts.global.api.aws`. AWS's
 * own sample writes the id as `abc123-def456-ghi789-jkl012`, issuers in use carry a UUID: one DNS
 * label either way.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_token_claims.html (sample token, read 2026-12-07)
 */
const AWS_ISSUER_HOST = /^[a-z0-9][a-z0-9-]{0,62}\.tokens\.sts\.global\.api\.aws$/;
/** An IAM or STS ARN, in any partition (`aws`, `aws-cn`, `aws-us-gov`, ...). */
const AWS_PRINCIPAL_ARN = /^arn:aws(-[a-z]+)*:(iam|sts)::\d{12}:/;
/** A role session's ARN: `arn:{partition}:sts::{account}:assumed-role/{role name}/{session name}`. */
const SESSION_ARN = /^arn:(aws(?:-[a-z]+)*):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/;
/** A role's ARN: `arn:{partition}:iam::{account}:role/{path}{role name}`. */
const ROLE_ARN = /^arn:(aws(?:-[a-z]+)*):iam::(\d{12}):role\/((?:[^/]+\/)*)([^/]+)$/;

/**
 * AWS (IAM outbound identity federation): tokens from STS `GetWebIdentityToken`, issuer
 * `https://{id}.tokens.sts.global.api.aws` (one per account), subject the calling principal's ARN;
 * for a role session, the role's ARN `arn:aws:iam::{account}:role/{path}{name}`, the same for every
 * session. Recognised by the issuer host, or by an IAM or STS ARN as subject.
 *
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html ("For a role session, this is the ARN of the role"; `SubjectMode`, read 2026-12-07)
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_token_claims.html (iss, sub in the sample token, read 2026-12-07)
 * @see https://learn.microsoft.com/en-us/entra/agent-id/integrate-aws-agent (Entra trusts the STS token as a federated credential, read 2026-12-07)
 */
export const AWS_PLATFORM: Platform = {
  id: "aws",
  label: "AWS",
  credentialNamePrefix: "aws",
  subjectPrefix: /^arn:aws(-[a-z]+)*:iam::/,
  issued: (issuer, subject) =>
    AWS_ISSUER_HOST.test(issuer.host) || (subject !== undefined && AWS_PRINCIPAL_ARN.test(subject)),
  subjectShapeWarning(subject) {
    const session = SESSION_ARN.exec(subject);
    if (!session) return undefined;
    const [, partition, account, role] = session;
    return {
      rule: "aws-subject-shape",
      message: `this is a role session's ARN (assumed-role/{role}/{session}); STS puts the role's ARN in the token's sub, and the session name changes with every session. Fix: use arn:${partition}:iam::${account}:role/${role} (with the role's path if it has one: aws iam get-role --role-name ${role} --query Role.Arn)`,
    };
  },
  subjectDifference(presented, expected) {
    const token = ROLE_ARN.exec(presented);
    const credential = ROLE_ARN.exec(expected) ?? SESSION_ARN.exec(expected);
    if (!token || !credential) return undefined;
    if (SESSION_ARN.test(expected)) {
      return "the credential names a role session (assumed-role/...); the token carries the role's ARN (role/...)";
    }
    if (token[2] !== credential[2]) {
      return `different AWS account: the token is from ${token[2]}, the credential is for ${credential[2]}`;
    }
    if (token[4] !== credential[4]) {
      return `different role: the workload runs as ${token[4]}, the credential is for ${credential[4]}`;
    }
    if (token[3] !== credential[3]) {
      return `different role path: the role's ARN has path /${token[3]}, the credential /${credential[3]}`;
    }
    return undefined;
  },
  issuerCauses: () => [
    "Each AWS account has its own issuer (aws iam get-outbound-web-identity-federation-info prints it); a credential written with another account's issuer does not match.",
  ],
  subjectCauses(subject) {
    const role = ROLE_ARN.exec(subject);
    return role
      ? [
          `The credential's subject must be the role's ARN exactly, path included (${subject}), not the assumed-role session ARN that aws sts get-caller-identity prints.`,
        ]
      : [];
  },
  expiredTokenCauses: [
    "An AWS token lives DurationSeconds (60 to 3600 s, default 300): a token printed by aws sts get-web-identity-token and used later has expired; aws() asks STS for a fresh one at every exchange.",
  ],
};
