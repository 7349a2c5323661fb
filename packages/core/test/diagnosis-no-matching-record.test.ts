import { unsignedJwt } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { diagnoseEntraError } from "../src/diagnosis/diagnose-entra-error";
import { validateFederatedIdentityCredential } from "../src/fic/validation/validate-federated-identity-credential";
import {
  AKS,
  base,
  CLIENT_ID,
  causes,
  diagnose,
  GITHUB,
  githubToken,
  SECONDS,
  TRACE,
} from "./diagnosis-cases";

describe("diagnoseEntraError: no matching federated identity record", () => {
  it("AADSTS70021: lists the presented values, the likely causes and the credential to create", () => {
    const assertion = unsignedJwt({
      iss: AKS,
      sub: "system:serviceaccount:default:workload-identity-sa",
      aud: ["api://AzureADTokenExchange"],
      iat: SECONDS - 60,
      exp: SECONDS + 3540,
    });
    const diagnosis = diagnose({
      aadsts: [70021],
      assertion,
      errorDescription: `AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: '${AKS}'. Assertion Subject: 'system:serviceaccount:default:workload-identity-sa'. Assertion Audience: 'api://AzureADTokenExchange'.${TRACE}`,
    });
    expect(diagnosis.summary).toContain(
      `No federated identity credential on client id ${CLIENT_ID} matches the token`,
    );
    expect(diagnosis.summary).toMatch(/issuer, subject and audience/);
    expect(diagnosis.details).toContain(`Presented issuer (iss): "${AKS}"`);
    expect(diagnosis.details).toContain(
      'Presented subject (sub): "system:serviceaccount:default:workload-identity-sa"',
    );
    expect(diagnosis.details).toContain('Presented audience (aud): "api://AzureADTokenExchange"');
    expect(diagnosis.details).toContain(
      "Token times: issued 2025-03-01T11:59:00.000Z, expires 2025-03-01T12:59:00.000Z; now 2025-03-01T12:00:00.000Z.",
    );
    expect(diagnosis.details.join("\n")).not.toContain("Trace ID");
    expect(causes(diagnosis)).toMatch(
      /ends with a slash.*lacks the trailing slash.*most common cause on AKS/,
    );
    expect(causes(diagnosis)).toContain('namespace "default" and service account "workload-identity-sa"');
    expect(causes(diagnosis)).toMatch(/may not have replicated yet/);
    expect(diagnosis.suggestedCredential).toEqual({
      name: "kubernetes-default-workload-identity-sa",
      issuer: AKS,
      subject: "system:serviceaccount:default:workload-identity-sa",
      audiences: ["api://AzureADTokenExchange"],
      description: "Kubernetes: system:serviceaccount:default:workload-identity-sa",
    });
    expect(validateFederatedIdentityCredential(diagnosis.suggestedCredential)).toMatchObject({ valid: true });
    // Issue 19, fixes that run as printed: the name is the one azfed gave the existing credential
    // (names derive from the subject), so a create with it fails; the fix updates that credential.
    expect(diagnosis.commands?.[0]).toMatch(
      /^az ad app federated-credential update --id \S+ --federated-credential-id kubernetes-default-workload-identity-sa /,
    );
    expect(diagnosis.commands?.[1]).toMatch(
      /^az identity federated-credential update --name kubernetes-default-workload-identity-sa /,
    );
    expect(diagnosis.commands?.join("\n")).not.toContain("federated-credential create");
    expect(diagnosis.fix.join("\n")).not.toMatch(/\bCreate\b/);
  });

  it("AADSTS700213 without the credential list: a create's name cannot collide with an existing credential's", () => {
    const diagnosis = diagnose({ aadsts: [700213], assertion: githubToken() });
    const name = diagnosis.suggestedCredential?.name ?? "";
    expect(name).toMatch(/^github-contoso-app-[a-z0-9-]+-[0-9a-f]{8}$/);
    expect(diagnosis.commands?.[0]).toContain("az ad app federated-credential create");
    expect(diagnosis.commands?.[0]).toContain(`"name":"${name}"`);
    const other = diagnoseEntraError({
      ...base,
      errorDescription: "",
      aadsts: [700213],
      assertion: githubToken({ iss: "https://token.actions.githubusercontent.com/contoso" }),
    });
    expect(other.suggestedCredential?.name).not.toBe(name);
    expect(other.suggestedCredential?.name).toMatch(/^github-contoso-app-[a-z0-9-]+-[0-9a-f]{8}$/);
  });

  it("AADSTS700211 without the credential list: updates the credential of the predicted name, and prints one fix", () => {
    const diagnosis = diagnose({ aadsts: [700211], assertion: githubToken() });
    const name = diagnosis.suggestedCredential?.name ?? "";
    expect(name).toMatch(/^github-contoso-app-/);
    expect(diagnosis.fix[0]).toContain(
      `Correct the credential ${JSON.stringify(name)} (the name azfed gives`,
    );
    expect(diagnosis.fix.filter((step) => /^(Create|Correct) /.test(step))).toHaveLength(1);
    expect(diagnosis.commands?.[0]).toContain(`--federated-credential-id ${name} `);
  });

  it("AADSTS700212 names both fixes and both audience conventions", () => {
    const diagnosis = diagnose({ aadsts: [700212], assertion: githubToken() });
    const step = diagnosis.fix.find((line) => line.startsWith("Make the two audiences equal")) ?? "";
    expect(step).toContain("request the credential's audience");
    expect(step).toContain('change the credential\'s audience to "api://AzureADTokenExchange"');
    expect(step).toContain('"api://AzureADTokenExchangeUSGov"');
    expect(step).toContain('"api://AzureADTokenExchangeChina"');
  });

  it.each([50166, 501661])(
    "AADSTS%i: Entra could not fetch the issuer's documents; points at azfed doctor --issuer",
    (code) => {
      const issuer = "https://gitlab.contoso.internal";
      const diagnosis = diagnose({
        aadsts: [code],
        errorDescription: `AADSTS${code}: Request to External OIDC endpoint failed.${TRACE}`,
        assertion: unsignedJwt({
          iss: issuer,
          sub: "project_path:g/p:ref_type:branch:ref:main",
          aud: "api://AzureADTokenExchange",
        }),
      });
      expect(diagnosis.summary).toContain(`(${issuer}/.well-known/openid-configuration)`);
      expect(causes(diagnosis)).toContain("not reachable from the internet");
      expect(causes(diagnosis)).toContain("/oauth/discovery/keys");
      expect(diagnosis.fix[0]).toContain(`azfed doctor --issuer ${issuer}`);
      expect(diagnosis.commands?.[0]).toBe(`azfed doctor --issuer ${issuer}`);
    },
  );

  it("AADSTS70021 without an assertion: uses the values Entra quotes", () => {
    const diagnosis = diagnose({
      aadsts: [70021],
      errorDescription:
        "AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://kubernetes.default.svc.cluster.local'. Assertion Subject: 'system:serviceaccount:default:sa'. Assertion Audience: 'api://AzureADTokenExchange'.",
    });
    expect(diagnosis.details).toContain(
      'Presented issuer (iss): "https://kubernetes.default.svc.cluster.local"',
    );
    expect(diagnosis.suggestedCredential).toMatchObject({
      issuer: "https://kubernetes.default.svc.cluster.local",
      subject: "system:serviceaccount:default:sa",
    });
  });

  it("AADSTS700211: says the issuer did not match, and explains GitHub Enterprise issuers", () => {
    const diagnosis = diagnose({
      aadsts: [700211],
      assertion: githubToken({ iss: `${GITHUB}/contoso` }),
      errorDescription: `AADSTS700211: No matching federated identity record found for presented assertion issuer '${GITHUB}/contoso'.${TRACE}`,
    });
    expect(diagnosis.summary).toContain(
      `the token's issuer "${GITHUB}/contoso": Entra did not match the issuer`,
    );
    expect(causes(diagnosis)).toContain(`must be exactly "${GITHUB}/contoso"`);
    expect(causes(diagnosis)).toContain("GitHub Enterprise issuer with the enterprise slug");
    expect(causes(diagnosis)).not.toMatch(/subject has capital letters/);
  });

  it("AADSTS700211 for Azure Pipelines: mentions the issuer change", () => {
    const diagnosis = diagnose({
      aadsts: [700211],
      assertion: unsignedJwt({
        iss: "https://vstoken.dev.azure.com/8a3f1c9e-0000-4000-8000-000000000000",
        sub: "sc://contoso/web/prod",
        aud: "api://AzureADTokenExchange",
      }),
    });
    expect(causes(diagnosis)).toContain("now issue tokens with the Entra issuer");
  });

  it("AADSTS700212: says the audience did not match and names the cloud mix-up", () => {
    const diagnosis = diagnose({
      aadsts: [700212],
      authorityHost: "https://login.microsoftonline.us/",
      audience: "api://AzureADTokenExchangeUSGov",
      assertion: unsignedJwt({
        iss: "https://gitlab.com",
        sub: "project_path:g/p:ref_type:branch:ref:main",
        aud: "api://AzureADTokenExchange",
      }),
      errorDescription:
        "AADSTS700212: No matching federated identity record found for presented assertion audience 'api://AzureADTokenExchange'.",
    });
    expect(diagnosis.summary).toContain(
      'audience "api://AzureADTokenExchange": Entra did not match the audience',
    );
    expect(causes(diagnosis)).toContain(
      "The token carries the audience of the public cloud, but the request went to the US Gov cloud",
    );
    expect(causes(diagnosis)).toContain(
      'azfed asked the platform for audience "api://AzureADTokenExchangeUSGov"',
    );
    expect(diagnosis.fix.join("\n")).toContain(
      'Make the platform issue the token for audience "api://AzureADTokenExchangeUSGov"',
    );
    expect(diagnosis.suggestedCredential?.audiences).toEqual(["api://AzureADTokenExchangeUSGov"]);
  });

  it("AADSTS700212 with the recommended audience: the credential has another one", () => {
    const diagnosis = diagnose({ aadsts: [700212], assertion: githubToken() });
    expect(causes(diagnosis)).toContain("so the credentials must have another;");
  });

  it("AADSTS700212 with a foreign audience: says what the token was issued for", () => {
    const diagnosis = diagnose({ aadsts: [700212], assertion: githubToken({ aud: "sts.amazonaws.com" }) });
    expect(causes(diagnosis)).toContain(
      'The token was issued for "sts.amazonaws.com", not for "api://AzureADTokenExchange"',
    );
  });

  it("AADSTS700213: says the subject did not match, with GitHub-specific causes", () => {
    const diagnosis = diagnose({
      aadsts: [700213],
      assertion: githubToken({ sub: "repo:Contoso/App:ref:refs/heads/main" }),
      errorDescription:
        "AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:Contoso/App:ref:refs/heads/main'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion.",
    });
    expect(diagnosis.summary).toContain(
      'subject "repo:Contoso/App:ref:refs/heads/main": Entra did not match the subject',
    );
    expect(causes(diagnosis)).toContain("capital letters");
    expect(causes(diagnosis)).toContain("the job must declare `environment:`");
    expect(causes(diagnosis)).not.toMatch(/trailing slash/);
  });

  it("AADSTS700213 with GitHub's immutable subject", () => {
    const diagnosis = diagnose({
      aadsts: [700213],
      assertion: githubToken({ sub: "repo:contoso@123/app@456:pull_request" }),
    });
    expect(causes(diagnosis)).toContain("GitHub's immutable subjects");
    expect(causes(diagnosis)).toContain("pull request run");
  });

  it("AADSTS7002138: a case-only difference, compared with the credential list when given", () => {
    const diagnosis = diagnose({
      aadsts: [7002138],
      assertion: githubToken({ sub: "repo:contoso/app:environment:Production" }),
      errorDescription:
        "AADSTS7002138: No matching federated identity record found for presented assertion subject 'repo:contoso/app:environment:Production'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison.",
      federatedCredentials: [
        {
          name: "prod",
          issuer: GITHUB,
          subject: "repo:contoso/app:environment:production",
          audiences: ["api://AzureADTokenExchange"],
        },
        {
          name: "dev",
          issuer: GITHUB,
          subject: "repo:contoso/app:environment:dev",
          audiences: ["api://AzureADTokenExchange"],
        },
      ],
    });
    expect(diagnosis.summary).toContain("in different letter case");
    expect(diagnosis.likelyCauses[0]).toBe(
      'The nearest credential, "prod", expects subject "repo:contoso/app:environment:production"; the token has "repo:contoso/app:environment:Production": differs only in letter case.',
    );
    expect(causes(diagnosis)).toContain("only in letter case");
    expect(causes(diagnosis)).not.toContain("declares `environment:`");
  });

  it("AADSTS7002138 with the credential list: corrects that credential instead of adding one", () => {
    const diagnosis = diagnose({
      aadsts: [7002138],
      assertion: githubToken({ sub: "repo:contoso/app:environment:Production" }),
      federatedCredentials: [
        {
          name: "prod",
          issuer: GITHUB,
          subject: "repo:contoso/app:environment:production",
          audiences: ["api://AzureADTokenExchange"],
          description: "production deployments",
        },
      ],
    });
    expect(diagnosis.suggestedCredential).toEqual({
      name: "prod",
      issuer: GITHUB,
      subject: "repo:contoso/app:environment:Production",
      audiences: ["api://AzureADTokenExchange"],
      description: "production deployments",
    });
    expect(diagnosis.fix[0]).toBe(
      `Correct the credential "prod" on client id ${CLIENT_ID} to exactly issuer "${GITHUB}", subject "repo:contoso/app:environment:Production" and audience "api://AzureADTokenExchange" (letter case included); a second credential with the same issuer and subject cannot be added.`,
    );
    expect(diagnosis.commands?.slice(0, 2)).toEqual([
      `az ad app federated-credential update --id ${CLIENT_ID} --federated-credential-id prod --parameters '{"issuer":"${GITHUB}","subject":"repo:contoso/app:environment:Production","audiences":["api://AzureADTokenExchange"],"description":"production deployments"}'`,
      `az identity federated-credential update --name prod --identity-name <identity-name> --resource-group <resource-group> --issuer ${GITHUB} --subject repo:contoso/app:environment:Production --audiences api://AzureADTokenExchange`,
    ]);
  });

  it("AADSTS700212 without the credential list: says to correct the credential with this issuer and subject", () => {
    const diagnosis = diagnose({ aadsts: [700212], assertion: githubToken() });
    expect(diagnosis.fix[0]).toMatch(/^Correct the credential that has this issuer and subject on client id/);
    expect(diagnosis.fix[1]).toContain("and the credential's name");
    expect(diagnosis.commands?.[0]).toContain("--federated-credential-id <credential-name>");
  });

  it("AADSTS7002137: compares with the subject Entra says it expects", () => {
    const diagnosis = diagnose({
      aadsts: [7002137],
      errorDescription:
        "AADSTS7002137: No matching federated identity record found for presented assertion subject '/eid1/c/pub/t/abc/a/def/XYZ'. Please make sure the federated identity credential Subject is '/eid1/c/pub/t/abc/a/def/xyz'.",
    });
    expect(causes(diagnosis)).toContain(
      'Entra expects the subject "/eid1/c/pub/t/abc/a/def/xyz"; the token has "/eid1/c/pub/t/abc/a/def/XYZ" (they differ only in letter case).',
    );
  });

  it("says when a supplied credential matches: replication or another app", () => {
    const diagnosis = diagnose({
      aadsts: [70021],
      assertion: githubToken(),
      federatedCredentials: [
        {
          name: "main",
          issuer: GITHUB,
          subject: "repo:contoso/app:ref:refs/heads/main",
          audiences: ["api://AzureADTokenExchange"],
        },
      ],
    });
    expect(diagnosis.likelyCauses[0]).toMatch(
      /^The credential "main" matches this token, so Entra has not seen it yet/,
    );
  });

  it("says when the supplied credential list is empty", () => {
    const diagnosis = diagnose({ aadsts: [70021], assertion: githubToken(), federatedCredentials: [] });
    expect(diagnosis.likelyCauses[0]).toContain("no federated identity credentials at all");
  });

  it("notes an expired token next to the mismatch", () => {
    const diagnosis = diagnose({ aadsts: [700213], assertion: githubToken({ exp: SECONDS - 90 }) });
    expect(causes(diagnosis)).toContain(
      "The token had also expired (at 2025-03-01T11:58:30.000Z, 1 min 30 s ago)",
    );
  });

  it("explains an assertion it cannot decode, without a suggested credential", () => {
    const diagnosis = diagnose({ aadsts: [70021], assertion: "not-a-jwt-but-a-long-opaque-secret-value" });
    expect(diagnosis.details.join("\n")).toContain(
      "The assertion could not be decoded: Invalid assertion: it has 1 dot-separated part",
    );
    expect(diagnosis.suggestedCredential).toBeUndefined();
    expect(diagnosis.fix[0]).toContain("Compare the credentials on client id");
  });
});
