import { InvalidInputError } from "@azfed/core";
import { describe, expect, it } from "vitest";
import { awsFederatedCredential, awsIssuer, awsSubject } from "../src/index";

const ISSUER = "https://a124dc86-7fee-4e8e-a98d-640682d5143c.tokens.sts.global.api.aws";
const ROLE = "arn:aws:iam::123456789012:role/payments-api";

function refusal(build: () => unknown): InvalidInputError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error("expected an InvalidInputError");
}

describe("awsIssuer", () => {
  it("takes the account's issuer, dropping a trailing slash", () => {
    expect(awsIssuer(ISSUER)).toBe(ISSUER);
    expect(awsIssuer(`${ISSUER}/`)).toBe(ISSUER);
    expect(awsIssuer("https://abc123-def456-ghi789-jkl012.tokens.sts.global.api.aws")).toBe(
      "https://abc123-def456-ghi789-jkl012.tokens.sts.global.api.aws",
    );
  });

  it.each([
    ["https://sts.amazonaws.com", /an STS endpoint is not the issuer/],
    ["https://sts.eu-west-2.amazonaws.com", /an STS endpoint is not the issuer/],
    ["http://a124dc86.tokens.sts.global.api.aws", /tokens\.sts\.global\.api\.aws/],
    [`${ISSUER}/path`, /tokens\.sts\.global\.api\.aws/],
    [` ${ISSUER}`, /whitespace/],
  ])("refuses %s, naming the field and where to find the issuer", (value, expected) => {
    const error = refusal(() => awsIssuer(value));
    expect(error.field).toBe("issuerIdentifier");
    expect(error.message).toMatch(expected);
    if (value.trim() === value) expect(error.message).toContain("get-outbound-web-identity-federation-info");
  });
});

describe("awsSubject", () => {
  it("is the role's ARN, path and partition included", () => {
    expect(awsSubject({ roleArn: ROLE })).toBe(ROLE);
    expect(awsSubject({ roleArn: "arn:aws:iam::123456789012:role/apps/eu/payments-api" })).toBe(
      "arn:aws:iam::123456789012:role/apps/eu/payments-api",
    );
    expect(awsSubject({ account: "123456789012", roleName: "payments-api" })).toBe(ROLE);
    expect(awsSubject({ account: "123456789012", roleName: "payments-api", path: "/apps/" })).toBe(
      "arn:aws:iam::123456789012:role/apps/payments-api",
    );
    expect(awsSubject({ account: "123456789012", roleName: "App+1=@,.-_", partition: "aws-us-gov" })).toBe(
      "arn:aws-us-gov:iam::123456789012:role/App+1=@,.-_",
    );
  });

  it("refuses a role session's ARN and names the role ARN to use", () => {
    const error = refusal(() =>
      awsSubject({ roleArn: "arn:aws:sts::123456789012:assumed-role/payments-api/i-0abc" }),
    );
    expect(error.field).toBe("roleArn");
    expect(error.message).toContain("arn:aws:iam::123456789012:role/payments-api");
    expect(error.message).toContain("not a role session's ARN");
  });

  it.each([
    [{ roleArn: "arn:aws:iam::12345:role/x" }, "roleArn"],
    [{ roleArn: "arn:aws:iam::123456789012:user/alice" }, "roleArn"],
    [{ roleArn: "payments-api" }, "roleArn"],
    [{ account: "12345678901", roleName: "x" }, "account"],
    [{ account: "123456789012", roleName: "has space" }, "roleName"],
    [{ account: "123456789012", roleName: "x".repeat(65) }, "roleName"],
    [{ account: "123456789012", roleName: "x", path: "apps" }, "path"],
    [{ account: "123456789012", roleName: "x", path: "/apps" }, "path"],
    [{ account: "123456789012", roleName: "x", partition: "azure" }, "partition"],
  ])("refuses %j, naming %s", (options, field) => {
    expect(refusal(() => awsSubject(options as Parameters<typeof awsSubject>[0])).field).toBe(field);
  });
});

describe("awsFederatedCredential", () => {
  it("builds the credential for every session of a role", () => {
    expect(awsFederatedCredential({ issuer: ISSUER, roleArn: ROLE })).toEqual({
      name: "aws-123456789012-role-payments-api",
      issuer: ISSUER,
      subject: ROLE,
      audiences: ["api://AzureADTokenExchange"],
      description: `AWS IAM role ${ROLE}`,
    });
    const named = awsFederatedCredential({
      issuer: `${ISSUER}/`,
      account: "123456789012",
      roleName: "payments-api",
      path: "/apps/",
      name: "payments",
      audience: "api://AzureADTokenExchangeUSGov",
      description: "payments",
    });
    expect(named).toMatchObject({
      name: "payments",
      issuer: ISSUER,
      subject: "arn:aws:iam::123456789012:role/apps/payments-api",
      audiences: ["api://AzureADTokenExchangeUSGov"],
    });
  });

  it("takes a test issuer as is, and refuses an STS endpoint as issuer", () => {
    expect(awsFederatedCredential({ issuer: "https://127.0.0.1:8443/abc", roleArn: ROLE }).issuer).toBe(
      "https://127.0.0.1:8443/abc",
    );
    const error = refusal(() =>
      awsFederatedCredential({ issuer: "https://sts.amazonaws.com", roleArn: ROLE }),
    );
    expect(error.field).toBe("issuer");
    expect(refusal(() => awsFederatedCredential({ issuer: "not a url", roleArn: ROLE })).field).toBe(
      "issuer",
    );
    expect(refusal(() => awsFederatedCredential({ issuer: ISSUER, roleArn: ROLE, name: "a b" })).field).toBe(
      "name",
    );
  });
});
