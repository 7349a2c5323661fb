import { InvalidInputError } from "@azfed/core";
import { requireFicFieldLength, requireSubjectPart } from "@azfed/core/provider";

/**
 * The IAM role whose tokens a workload presents: its ARN, or its account, name and path.
 *
 * @example
 * ```ts
 * const byArn: AwsSubjectOptions = { roleArn: "arn:aws:iam::123456789012:role/payments-api" };
 * const byName: AwsSubjectOptions = { account: "123456789012", roleName: "payments-api", path: "/apps/" };
 * ```
 */
export type AwsSubjectOptions =
  | {
      /** The role's ARN, `arn:aws:iam::{account}:role/{path}{name}` (`aws iam get-role --query Role.Arn`). */
      readonly roleArn: string;
    }
  | {
      /** The 12-digit AWS account ID. */
      readonly account: string;
      /** The role's name, as IAM spells it (the token carries that case). */
      readonly roleName: string;
      /** The role's path, e.g. `/apps/`. Default `/`. */
      readonly path?: string | undefined;
      /** The partition: `aws`, `aws-cn`, `aws-us-gov`, ... Default `aws`. */
      readonly partition?: string | undefined;
    };

const ACCOUNT = /^\d{12}$/;
const PARTITION = /^aws(-[a-z]+)*$/;
/**
 * IAM's rules: a role name is 1–64 of `[\w+=,.@-]`; a path is `/` or `/…/` of printable ASCII, at most 512.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (RoleName, Path; read 2026-12-07)
 */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const PATH = /^\/([\x21-\x7e]{1,510}\/)?$/;
const ROLE_ARN = /^arn:(aws(?:-[a-z]+)*):iam::(\d{12}):role(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]{1,64})$/;
const SESSION_ARN = /^arn:(aws(?:-[a-z]+)*):sts::(\d{12}):assumed-role\/([\w+=,.@-]{1,64})\/.+$/;

/**
 * The `sub` of the tokens a role's sessions get from STS `GetWebIdentityToken`: the role's ARN,
 * `arn:{partition}:iam::{account}:role/{path}{name}`, the same for every session (every Lambda
 * invocation, ECS task or pod of that role). A role session's ARN
 * (`arn:aws:sts::…:assumed-role/{role}/{session}`, what `aws sts get-caller-identity` prints) is an
 * `InvalidInputError` naming the role ARN to use: its session part changes. A role deleted and
 * created again with the same name keeps this ARN, so the credential trusts the new role too.
 *
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html (`SubjectMode` `AWSIdentity`: "the ARN of the calling AWS principal"; read 2026-12-07)
 * @example
 * ```ts
 * awsSubject({ roleArn: "arn:aws:iam::123456789012:role/payments-api" });
 * awsSubject({ account: "123456789012", roleName: "payments-api", path: "/apps/" });
 * // "arn:aws:iam::123456789012:role/apps/payments-api"
 * ```
 */
export function awsSubject(options: AwsSubjectOptions): string {
  if (options !== null && typeof options === "object" && "roleArn" in options) {
    const roleArn = requireSubjectPart("roleArn", options.roleArn, {
      expected: "a role's ARN, arn:aws:iam::{account}:role/{path}{name}",
      fix: "run aws iam get-role --role-name <name> --query Role.Arn",
    });
    const session = SESSION_ARN.exec(roleArn);
    if (session) {
      throw new InvalidInputError({
        field: "roleArn",
        value: roleArn,
        expected: "the role's ARN (role/...), not a role session's ARN (assumed-role/{role}/{session})",
        fix: `the token's sub is the role's ARN, the same for every session: pass arn:${session[1]}:iam::${session[2]}:role/${session[3]} (with the role's path, from aws iam get-role --role-name ${session[3]} --query Role.Arn)`,
      });
    }
    if (!ROLE_ARN.test(roleArn) || roleArn.length > 2048) {
      throw new InvalidInputError({
        field: "roleArn",
        value: roleArn,
        expected: "a role's ARN, arn:aws:iam::{12-digit account}:role/{path}{name}",
        fix: "run aws iam get-role --role-name <name> --query Role.Arn",
      });
    }
    return requireFicFieldLength("subject", roleArn);
  }
  const given = (options ?? {}) as Partial<Extract<AwsSubjectOptions, { account: string }>>;
  const account = requireSubjectPart("account", given.account, {
    pattern: ACCOUNT,
    expected: "the 12-digit AWS account ID",
    fix: "run aws sts get-caller-identity --query Account",
  });
  const roleName = requireSubjectPart("roleName", given.roleName, {
    pattern: ROLE_NAME,
    expected: "an IAM role name: 1 to 64 letters, digits and _+=,.@-",
  });
  const path = requireSubjectPart("path", given.path ?? "/", {
    pattern: PATH,
    expected: 'the role\'s path: "/" or "/{segments}/", printable ASCII (aws iam get-role --query Role.Path)',
    fix: 'start and end it with "/", e.g. "/apps/"',
  });
  const partition = requireSubjectPart("partition", given.partition ?? "aws", {
    pattern: PARTITION,
    expected: 'an AWS partition: "aws", "aws-cn", "aws-us-gov", ...',
  });
  return requireFicFieldLength("subject", `arn:${partition}:iam::${account}:role${path}${roleName}`);
}
