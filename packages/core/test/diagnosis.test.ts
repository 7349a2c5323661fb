import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diagnoseEntraError } from "../src/diagnosis/diagnose-entra-error";
import { type Diagnosis, formatDiagnosis } from "../src/diagnosis/diagnosis";
import type { EntraErrorContext } from "../src/diagnosis/diagnosis-facts";
import { validateFederatedIdentityCredential } from "../src/fic/validation/validate-federated-identity-credential";
import { propertyRuns } from "./property-runs";
import { unsignedJwt } from "./unsigned-jwt";

const NOW = Date.parse("2025-03-01T12:00:00Z");
const SECONDS = NOW / 1000;
const GITHUB = "https://token.actions.githubusercontent.com";
const AKS =
  "https://eastus.oic.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/5a3b0c41-1d8e-4a2b-9f7c-0f4a6d1b2c3d/";
const CLIENT_ID = "af3110ba-0ba9-4412-b1a0-59f50b7e9273";
const TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const TRACE =
  " Trace ID: 30b6df93-efd2-459c-ae6a-bad0838f6f00 Correlation ID: dffc6012-a4af-4f00-80ab-3e831069b3cc Timestamp: 2025-03-01 12:00:00Z";

const base = {
  tenantId: TENANT_ID,
  clientId: CLIENT_ID,
  authorityHost: "https://login.microsoftonline.com",
  audience: "api://AzureADTokenExchange",
  now: NOW,
} satisfies Partial<EntraErrorContext>;

const githubToken = (claims: Record<string, unknown> = {}) =>
  unsignedJwt({
    iss: GITHUB,
    sub: "repo:contoso/app:ref:refs/heads/main",
    aud: "api://AzureADTokenExchange",
    iat: SECONDS - 60,
    nbf: SECONDS - 60,
    exp: SECONDS + 240,
    ...claims,
  });

function diagnose(context: Partial<EntraErrorContext> & Pick<EntraErrorContext, "aadsts">): Diagnosis {
  const diagnosis = diagnoseEntraError({ errorDescription: "", ...base, ...context });
  const text = formatDiagnosis(diagnosis);
  // The whole text a user reads, pinned per case (test/__snapshots__): a changed word shows in review.
  expect(text).toMatchSnapshot();
  if (context.assertion) {
    expect(text).not.toContain(context.assertion);
    expect(JSON.stringify(diagnosis)).not.toContain(context.assertion);
  }
  return diagnosis;
}

const causes = (diagnosis: Diagnosis) => diagnosis.likelyCauses.join("\n");

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

describe("diagnoseEntraError: the credential to correct, and the causes of each mismatch", () => {
  const MAIN = "repo:contoso/app:ref:refs/heads/main";
  const AUDIENCE = "api://AzureADTokenExchange";
  const AKS_WITHOUT_SLASH = AKS.slice(0, -1);
  const aksToken = (iss: string = AKS) =>
    unsignedJwt({ iss, sub: "system:serviceaccount:default:sa", aud: AUDIENCE, exp: SECONDS + 300 });
  const fix = (diagnosis: Diagnosis) => diagnosis.fix.join("\n");

  it.each([
    [700211, 'the token\'s issuer "(unknown issuer)"'],
    [700212, 'the token\'s audience "(unknown audience)"'],
    [700213, 'the token\'s subject "(unknown subject)"'],
  ])("AADSTS%i with nothing decoded or quoted: says which value is unknown", (code, unknown) => {
    const diagnosis = diagnose({ aadsts: [code], errorDescription: `AADSTS${code}: No matching record.` });
    expect(diagnosis.summary).toContain(unknown);
    expect(fix(diagnosis)).toContain("Compare the credentials on client id");
  });

  it("AADSTS700211 quoting only the issuer: no credential to suggest, as the subject is unknown", () => {
    const diagnosis = diagnose({
      aadsts: [700211],
      errorDescription: `AADSTS700211: No matching federated identity record found for presented assertion issuer '${GITHUB}'.`,
    });
    expect(diagnosis.suggestedCredential).toBeUndefined();
    expect(fix(diagnosis)).toContain("Compare the credentials on client id");
  });

  it("AADSTS700211 with the credential list: corrects the credential whose issuer differs only by a slash, letter case or spaces", () => {
    for (const written of [AKS_WITHOUT_SLASH, AKS.toUpperCase(), ` ${AKS} `]) {
      const diagnosis = diagnose({
        aadsts: [700211],
        assertion: aksToken(),
        federatedCredentials: [
          {
            name: "other-cluster",
            issuer: "https://other.example.com",
            subject: "system:serviceaccount:default:sa",
            audiences: [AUDIENCE],
          },
          {
            name: "other-sa",
            issuer: written,
            subject: "system:serviceaccount:default:other",
            audiences: [AUDIENCE],
          },
          {
            name: "aks",
            issuer: written,
            subject: "system:serviceaccount:default:sa",
            audiences: [AUDIENCE],
          },
        ],
      });
      expect(diagnosis.fix[0]).toMatch(/^Correct the credential "aks" on client id .* to exactly issuer /);
      expect(diagnosis.suggestedCredential).toMatchObject({ name: "aks", issuer: AKS });
      expect(diagnosis.commands?.[0]).toContain("--federated-credential-id aks");
    }
  });

  it("AADSTS70021 and AADSTS700211 create a credential when none has the token's subject and nearly its issuer", () => {
    for (const code of [70021, 700211]) {
      const diagnosis = diagnose({
        aadsts: [code],
        assertion: aksToken(),
        federatedCredentials: [
          {
            name: "elsewhere",
            issuer: "https://other.example.com/",
            subject: "system:serviceaccount:default:sa",
            audiences: [AUDIENCE],
          },
        ],
      });
      expect(diagnosis.fix[0]).toMatch(/^Create a federated identity credential on client id/);
      expect(diagnosis.commands?.[0]).toContain("federated-credential create");
    }
  });

  it("AADSTS70021 and AADSTS700212 correct the credential with the token's issuer and subject (in any case), skipping flexible ones", () => {
    for (const code of [70021, 700212]) {
      const diagnosis = diagnose({
        aadsts: [code],
        assertion: githubToken({ aud: "api://other" }),
        federatedCredentials: [
          { name: "other-issuer", issuer: `${GITHUB}/contoso`, subject: MAIN, audiences: [AUDIENCE] },
          {
            name: "flexible",
            issuer: GITHUB,
            claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/*'", languageVersion: 1 },
            audiences: [AUDIENCE],
          },
          {
            name: "other-branch",
            issuer: GITHUB,
            subject: "repo:contoso/app:ref:refs/heads/dev",
            audiences: [AUDIENCE],
          },
          {
            name: "main",
            issuer: GITHUB,
            subject: MAIN.toUpperCase(),
            audiences: ["api://AzureADTokenExchangeUSGov"],
          },
        ],
      });
      expect(diagnosis.fix[0]).toMatch(/^Correct the credential "main" on client id/);
      expect(diagnosis.commands?.[0]).toContain("--federated-credential-id main");
    }
  });

  it("AADSTS700213 corrects the credential that already has the suggested name (names are unique)", () => {
    const diagnosis = diagnose({
      aadsts: [700213],
      assertion: githubToken(),
      federatedCredentials: [
        {
          name: "github-contoso-app-ref-refs-heads-main",
          issuer: GITHUB,
          subject: "repo:contoso/app:ref:refs/heads/old",
          audiences: [AUDIENCE],
        },
      ],
    });
    expect(diagnosis.fix[0]).toMatch(/^Correct the credential "github-contoso-app-ref-refs-heads-main"/);
    const unrelated = diagnose({
      aadsts: [700213],
      assertion: githubToken(),
      federatedCredentials: [
        {
          name: "old",
          issuer: GITHUB,
          subject: "repo:contoso/app:ref:refs/heads/old",
          audiences: [AUDIENCE],
        },
      ],
    });
    expect(unrelated.fix[0]).toMatch(/^Create a federated identity credential/);
  });

  it("AADSTS7002138 without the credential list: says to correct the credential with this issuer and subject, letter case included", () => {
    const diagnosis = diagnose({
      aadsts: [7002138],
      assertion: githubToken({ sub: "repo:contoso/app:environment:Production" }),
    });
    expect(diagnosis.fix[0]).toMatch(
      /^Correct the credential that has this issuer and subject on client id .*\(letter case included\)/,
    );
    expect(diagnosis.commands?.[0]).toContain("--federated-credential-id <credential-name>");
  });

  it("AADSTS7002137 with the token: adds the subject causes, and says when the expected subject differs by more than case", () => {
    const diagnosis = diagnose({
      aadsts: [7002137],
      assertion: githubToken({ sub: "repo:Contoso/app:ref:refs/heads/main" }),
      errorDescription:
        "AADSTS7002137: No matching federated identity record found for presented assertion subject 'repo:Contoso/app:ref:refs/heads/main'. Please make sure the federated identity credential Subject is 'repo:contoso/app:environment:prod'.",
    });
    expect(causes(diagnosis)).toContain("The subject has capital letters");
    expect(causes(diagnosis)).toContain(
      'Entra expects the subject "repo:contoso/app:environment:prod"; the token has "repo:Contoso/app:ref:refs/heads/main".',
    );
  });

  it("AADSTS70021 without a token: compares the quoted values with the credential list", () => {
    const diagnosis = diagnose({
      aadsts: [70021],
      errorDescription: `AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: '${GITHUB}'. Assertion Subject: '${MAIN}'. Assertion Audience: '${AUDIENCE}'.`,
      federatedCredentials: [
        {
          name: "dev",
          issuer: GITHUB,
          subject: "repo:contoso/app:ref:refs/heads/dev",
          audiences: [AUDIENCE],
        },
      ],
    });
    expect(diagnosis.likelyCauses[0]).toMatch(
      /^The nearest credential, "dev", expects subject "repo:contoso\/app:ref:refs\/heads\/dev"; the token has "repo:contoso\/app:ref:refs\/heads\/main"/,
    );
  });

  it("AADSTS700212 quoting only the audience: does not compare with the credential list", () => {
    const diagnosis = diagnose({
      aadsts: [700212],
      errorDescription:
        "AADSTS700212: No matching federated identity record found for presented assertion audience 'api://other'.",
      federatedCredentials: [{ name: "main", issuer: GITHUB, subject: MAIN, audiences: [AUDIENCE] }],
    });
    expect(causes(diagnosis)).not.toContain("The nearest credential");
    expect(causes(diagnosis)).toContain('The token was issued for "api://other"');
  });

  it("AADSTS70021: the audience causes of a token for another audience; AADSTS700213: none", () => {
    const foreign = githubToken({ aud: ["sts.amazonaws.com", "api://other"] });
    expect(causes(diagnose({ aadsts: [70021], assertion: foreign }))).toContain(
      'The token was issued for "sts.amazonaws.com", "api://other", not for "api://AzureADTokenExchange"',
    );
    expect(causes(diagnose({ aadsts: [700213], assertion: foreign }))).not.toContain(
      "The token was issued for",
    );
  });

  it("AADSTS700212 at an authority of no known cloud: says what the token was issued for", () => {
    const diagnosis = diagnose({
      aadsts: [700212],
      authorityHost: "https://login.example.com",
      assertion: githubToken({ aud: "api://AzureADTokenExchangeUSGov" }),
    });
    expect(causes(diagnosis)).toContain(
      'The token was issued for "api://AzureADTokenExchangeUSGov", not for',
    );
  });

  it("AADSTS700211: the issuer causes of an AKS issuer without its slash and of another issuer with one", () => {
    expect(causes(diagnose({ aadsts: [700211], assertion: aksToken(AKS_WITHOUT_SLASH) }))).toContain(
      `The token's AKS issuer has no trailing slash; the credential's issuer must be written exactly as "${AKS_WITHOUT_SLASH}".`,
    );
    const slashed = unsignedJwt({ iss: "https://oidc.example.com/", sub: "workload", aud: AUDIENCE });
    expect(causes(diagnose({ aadsts: [700211], assertion: slashed }))).toContain(
      "The token's issuer ends with a slash; the credential's issuer must end with one too.",
    );
  });
});

describe("diagnoseEntraError: other federation codes", () => {
  it("AADSTS700024: an expired token, with both times and Entra's clock", () => {
    const diagnosis = diagnose({
      aadsts: [700024],
      assertion: githubToken({ iat: SECONDS - 400, nbf: SECONDS - 400, exp: SECONDS - 100 }),
      errorDescription:
        "AADSTS700024: Client assertion is not within its valid time range. Current time: 2025-03-01T12:03:00.0000000Z, assertion valid from 2025-03-01T11:53:20.0000000Z, expiry time of assertion 2025-03-01T11:58:20.0000000Z. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .",
    });
    expect(diagnosis.summary).toBe(
      "The token had expired when Entra checked it: it expired at 2025-03-01T11:58:20.000Z, 4 min 40 s before Entra's time 2025-03-01T12:03:00.000Z.",
    );
    expect(diagnosis.likelyCauses[0]).toBe(
      "This machine's clock is 3 min 0 s behind Entra's (Entra: 2025-03-01T12:03:00.000Z, here: 2025-03-01T12:00:00.000Z).",
    );
    expect(causes(diagnosis)).toContain("reused after its lifetime");
    expect(diagnosis.details).toContain("The token's lifetime is 5 min 0 s.");
    expect(diagnosis.fix.join("\n")).toContain("fresh token");
    expect(diagnosis.suggestedCredential).toBeUndefined();
  });

  it("AADSTS700024 by this machine's clock alone", () => {
    const diagnosis = diagnose({ aadsts: [700024], assertion: githubToken({ exp: SECONDS - 30 }) });
    expect(diagnosis.summary).toContain("30 s before this machine's time 2025-03-01T12:00:00.000Z");
  });

  it("AADSTS700024 without the token: Entra's quoted times alone, and no lifetime", () => {
    const diagnosis = diagnose({
      aadsts: [700024],
      errorDescription:
        "AADSTS700024: Client assertion is not within its valid time range. Current time: 2025-03-01T12:03:00.0000000Z, assertion valid from 2025-03-01T11:53:20.0000000Z, expiry time of assertion 2025-03-01T11:58:20.0000000Z.",
    });
    expect(diagnosis.summary).toBe(
      "The token had expired when Entra checked it: it expired at 2025-03-01T11:58:20.000Z, 4 min 40 s before Entra's time 2025-03-01T12:03:00.000Z.",
    );
    expect(diagnosis.details.join("\n")).not.toContain("lifetime");
  });

  it("AADSTS700024 for a token not yet valid", () => {
    const diagnosis = diagnose({ aadsts: [700024], assertion: githubToken({ nbf: SECONDS + 120 }) });
    expect(diagnosis.summary).toContain("not yet valid");
    expect(diagnosis.summary).toContain("valid from 2025-03-01T12:02:00.000Z, 2 min 0 s after");
  });

  it("AADSTS700024 when this machine thinks the token is valid", () => {
    const diagnosis = diagnose({ aadsts: [700024], assertion: githubToken() });
    expect(diagnosis.summary).toContain(
      "although by this machine's clock (2025-03-01T12:00:00.000Z) it is valid",
    );
  });

  it("AADSTS700024 for a Kubernetes token mentions the rotated file", () => {
    const diagnosis = diagnose({
      aadsts: [700024],
      assertion: unsignedJwt({
        iss: AKS,
        sub: "system:serviceaccount:a:b",
        aud: "api://AzureADTokenExchange",
        exp: SECONDS - 10,
      }),
    });
    expect(causes(diagnosis)).toContain("kubelet rewrites it");
  });

  it("AADSTS70025: no credentials at all", () => {
    const diagnosis = diagnose({
      aadsts: [70025],
      assertion: githubToken(),
      errorDescription: `AADSTS70025: The client application '${CLIENT_ID}' has no configured federated identity credentials.`,
    });
    expect(diagnosis.summary).toContain("has no federated identity credentials at all");
    expect(causes(diagnosis)).toContain(
      "on the managed identity while AZURE_CLIENT_ID names the app registration",
    );
    expect(diagnosis.suggestedCredential).toMatchObject({ subject: "repo:contoso/app:ref:refs/heads/main" });
    expect(diagnosis.commands?.[0]).toMatch(/^az ad app federated-credential create --id /);
  });

  it("AADSTS70025 without an assertion still says what to create", () => {
    const diagnosis = diagnose({ aadsts: [70025] });
    expect(diagnosis.suggestedCredential).toBeUndefined();
    expect(diagnosis.fix[0]).toContain("with the issuer, subject and audience of the platform's token");
  });

  it("AADSTS700016: the application is not in the tenant", () => {
    const diagnosis = diagnose({
      aadsts: [700016],
      clientId: "my-app",
      errorDescription:
        "AADSTS700016: Application with identifier 'my-app' was not found in the directory 'Contoso'.",
    });
    expect(diagnosis.summary).toBe(
      `Entra found no application with client id my-app in tenant ${TENANT_ID}.`,
    );
    expect(diagnosis.likelyCauses[0]).toContain("is not a GUID");
    expect(causes(diagnosis)).toContain("principal (object) id instead of its client id");
    expect(diagnosis.commands).toContain("az account show --query tenantId");
  });

  it("AADSTS50027: a malformed token, with the algorithm at fault", () => {
    const diagnosis = diagnose({
      aadsts: [50027],
      assertion: unsignedJwt({ iss: GITHUB, sub: "s", aud: "a" }, { alg: "HS256" }),
    });
    expect(diagnosis.summary).toContain("could not read the client assertion as a valid JWT");
    expect(causes(diagnosis)).toContain("shared-secret algorithm HS256");
    expect(causes(diagnosis)).toContain("no `exp` claim");
  });

  it("AADSTS50027: names what is wrong with a token that is not a JWT", () => {
    const diagnosis = diagnose({
      aadsts: [50027],
      assertion: '{"value":"eyJ0eXAi.payload.signature-long-enough"}',
    });
    expect(diagnosis.likelyCauses[0]).toContain("it is JSON, not a JWT");
  });

  it("AADSTS700027: signature validation failed, with kid and the commands to inspect the keys", () => {
    const diagnosis = diagnose({ aadsts: [700027], assertion: githubToken() });
    expect(diagnosis.summary).toContain(`keys published by ${GITHUB}`);
    expect(diagnosis.details).toContain("Token header: alg RS256, kid test-key.");
    expect(causes(diagnosis)).toContain('the key with kid "test-key"');
    expect(diagnosis.commands).toEqual([
      `curl -sS ${GITHUB}/.well-known/openid-configuration`,
      `curl -sS "$(curl -sS ${GITHUB}/.well-known/openid-configuration | jq -r .jwks_uri)"`,
    ]);
  });

  it("AADSTS90061: the issuer's discovery endpoint is unreachable", () => {
    const diagnosis = diagnose({
      aadsts: [90061],
      assertion: unsignedJwt({ iss: AKS, sub: "system:serviceaccount:a:b", aud: "x" }),
    });
    expect(diagnosis.summary).toContain(`${AKS.slice(0, -1)}/.well-known/openid-configuration`);
    expect(causes(diagnosis)).toContain("not reachable from the internet");
  });

  it("AADSTS900612: the signing keys cannot be parsed", () => {
    const diagnosis = diagnose({ aadsts: [900612], assertion: githubToken() });
    expect(diagnosis.summary).toContain("could not parse them");
    expect(diagnosis.commands).toHaveLength(2);
  });

  it("AADSTS70052: a multi-tenant app with the Azure Pipelines Entra issuer", () => {
    const diagnosis = diagnose({
      aadsts: [70052],
      assertion: unsignedJwt({
        iss: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
        sub: "/eid1/c/pub/t/v4j5cvGGr0GRqy180BHbRw/a/rISbSSETf0KqFyZ8ppdXmA/sc/org/conn",
        aud: "api://AzureADTokenExchange",
      }),
    });
    expect(diagnosis.summary).toContain("this app is multi-tenant");
    expect(causes(diagnosis)).toContain("Azure Pipelines with the Entra issuer");
    expect(diagnosis.commands).toContain(
      `az ad app update --id ${CLIENT_ID} --sign-in-audience AzureADMyOrg`,
    );
  });

  it.each([
    [700223, "is disabled by policy"],
    [700238, "restricts workload identity federation"],
  ])("AADSTS%i: tenant policy", (code, summary) => {
    const diagnosis = diagnose({ aadsts: [code], assertion: githubToken() });
    expect(diagnosis.summary).toContain(summary);
    expect(diagnosis.fix[0]).toContain("tenant administrator");
  });

  it.each([
    ["client_assertion", "returned an empty token"],
    ["client_id", "The client id is empty"],
    ["scope", "without one of the required fields"],
  ])("AADSTS900144: missing %s", (parameter, cause) => {
    const diagnosis = diagnose({
      aadsts: [900144],
      errorDescription: `AADSTS900144: The request body must contain the following parameter: '${parameter}'.`,
    });
    expect(diagnosis.summary).toBe(`The token request lacked a required parameter: ${parameter}.`);
    expect(diagnosis.likelyCauses[0]).toContain(cause);
  });

  it("falls back for any other code, pointing at Entra's error page", () => {
    const diagnosis = diagnose({
      aadsts: [53003],
      assertion: githubToken(),
      errorDescription: "AADSTS53003: Access has been blocked by Conditional Access policies.",
    });
    expect(diagnosis.summary).toBe("Entra refused the token request with AADSTS53003.");
    expect(diagnosis.details[0]).toBe(
      "Entra answered: AADSTS53003: Access has been blocked by Conditional Access policies.",
    );
    expect(diagnosis.fix).toEqual([
      "Look the code up at https://login.microsoftonline.com/error?code=53003.",
    ]);
  });

  it("takes the code from the description when error_codes is empty", () => {
    const diagnosis = diagnose({
      aadsts: [],
      errorDescription: "AADSTS700016: Application with identifier 'x' was not found in the directory 'y'.",
    });
    expect(diagnosis.summary).toContain("found no application");
  });

  it("prefers a known federation code among several", () => {
    const diagnosis = diagnose({ aadsts: [50000, 70025], assertion: githubToken() });
    expect(diagnosis.summary).toContain("no federated identity credentials at all");
  });

  it("copes with no code and no description", () => {
    const diagnosis = diagnose({ aadsts: [] });
    expect(diagnosis.summary).toBe("Entra refused the token request.");
    expect(diagnosis.details).toContain(
      "No assertion was available to decode, and Entra quoted none of its values.",
    );
  });
});

describe("diagnoseEntraError: the edges of the other codes", () => {
  const entraSaysNow = (at: string) =>
    `AADSTS700024: Client assertion is not within its valid time range. Current time: ${at}, assertion valid from 2025-03-01T11:00:00.0000000Z, expiry time of assertion 2025-03-01T13:00:00.0000000Z.`;

  it("AADSTS700024: a token that expires at the very second Entra checks it has expired", () => {
    const diagnosis = diagnose({ aadsts: [700024], assertion: githubToken({ exp: SECONDS }) });
    expect(diagnosis.summary).toBe(
      "The token had expired when Entra checked it: it expired at 2025-03-01T12:00:00.000Z, 0 s before this machine's time 2025-03-01T12:00:00.000Z.",
    );
  });

  it("AADSTS700024: a token valid from the very second Entra checks it is not 'not yet valid'", () => {
    const diagnosis = diagnose({ aadsts: [700024], assertion: githubToken({ nbf: SECONDS }) });
    expect(diagnosis.summary).toMatch(/^Entra found the token outside its valid time range/);
  });

  it("AADSTS700024: not yet valid by Entra's clock, with this machine's clock ahead", () => {
    const diagnosis = diagnose({
      aadsts: [700024],
      assertion: githubToken({ nbf: SECONDS - 60, iat: SECONDS - 60 }),
      errorDescription:
        "AADSTS700024: Client assertion is not within its valid time range. Current time: 2025-03-01T11:55:00.0000000Z, assertion valid from 2025-03-01T11:59:00.0000000Z, expiry time of assertion 2025-03-01T12:04:00.0000000Z.",
    });
    expect(diagnosis.summary).toBe(
      "The token was not yet valid when Entra checked it: it is valid from 2025-03-01T11:59:00.000Z, 4 min 0 s after Entra's time 2025-03-01T11:55:00.000Z.",
    );
    expect(diagnosis.likelyCauses[0]).toBe(
      "This machine's clock is 5 min 0 s ahead of Entra's (Entra: 2025-03-01T11:55:00.000Z, here: 2025-03-01T12:00:00.000Z).",
    );
  });

  it("AADSTS700024: a clock a minute or less off Entra's is not named as a cause", () => {
    for (const at of ["2025-03-01T12:01:00.0000000Z", "2025-03-01T11:59:30.0000000Z"]) {
      const diagnosis = diagnose({
        aadsts: [700024],
        assertion: githubToken(),
        errorDescription: entraSaysNow(at),
      });
      expect(causes(diagnosis)).not.toContain("This machine's clock is");
    }
  });

  it("AADSTS700024 for a token without exp: no expiry and no lifetime to state", () => {
    const diagnosis = diagnose({ aadsts: [700024], assertion: githubToken({ exp: undefined }) });
    expect(diagnosis.summary).toBe(
      "Entra found the token outside its valid time range, although by this machine's clock (2025-03-01T12:00:00.000Z) it is valid.",
    );
    expect(diagnosis.details.join("\n")).not.toContain("lifetime");
  });

  it("AADSTS700016: a client id that holds a GUID but is not one (an App ID URI, a scope) is named as not a GUID", () => {
    for (const clientId of [`api://${CLIENT_ID}`, `${CLIENT_ID}/.default`]) {
      const diagnosis = diagnose({ aadsts: [700016], clientId });
      expect(diagnosis.likelyCauses[0]).toBe(
        `The client id ${JSON.stringify(clientId)} is not a GUID; use the Application (client) ID.`,
      );
      expect(diagnosis.commands).toContain(
        `az identity list --query "[?clientId=='<client-id>'].{name: name, resourceGroup: resourceGroup, tenantId: tenantId}"`,
      );
    }
  });

  it("AADSTS50027: an unsigned token (alg none) is named so; an RS256 token with exp gets neither cause", () => {
    const unsigned = diagnose({
      aadsts: [50027],
      assertion: unsignedJwt({ iss: GITHUB, sub: "s", aud: "a", exp: SECONDS + 60 }, { alg: "none" }),
    });
    expect(causes(unsigned)).toContain(
      "The token is unsigned (alg none); Entra needs an asymmetric signature",
    );
    const signed = diagnose({ aadsts: [50027], assertion: githubToken() });
    expect(causes(signed)).not.toContain("The token is");
    expect(causes(signed)).not.toContain("no `exp` claim");
  });

  it("AADSTS700027 without a token: no header, no key id, no commands", () => {
    const diagnosis = diagnose({ aadsts: [700027] });
    expect(diagnosis.summary).toBe(
      "Entra could not verify the token's signature with the keys its issuer publishes.",
    );
    expect(diagnosis.details.join("\n")).not.toContain("Token header");
    expect(causes(diagnosis)).toContain(
      "The issuer's JWKS (jwks_uri in {issuer}/.well-known/openid-configuration) does not contain the key that signed the token",
    );
    expect(diagnosis.commands).toBeUndefined();
  });

  it("AADSTS700027 with a header that names no algorithm or key, or not as text", () => {
    for (const header of [{ typ: "JWT" }, { alg: 256, kid: ["k1"] }]) {
      const diagnosis = diagnose({
        aadsts: [700027],
        assertion: unsignedJwt({ iss: GITHUB, sub: "s", aud: "a" }, header),
      });
      expect(diagnosis.details).toContain("Token header: alg (none), kid (none).");
      expect(causes(diagnosis)).toContain("does not contain the key that signed the token");
    }
  });

  it("AADSTS90061: the discovery URL of an issuer with several trailing slashes", () => {
    const diagnosis = diagnose({
      aadsts: [90061],
      assertion: unsignedJwt({ iss: "https://oidc.example.com//", sub: "s", aud: "a" }),
    });
    expect(diagnosis.summary).toBe(
      "Entra could not fetch the issuer's OpenID configuration (https://oidc.example.com/.well-known/openid-configuration).",
    );
  });

  it("AADSTS70052 with another issuer than Entra's: no Azure Pipelines cause", () => {
    const diagnosis = diagnose({ aadsts: [70052], assertion: githubToken() });
    expect(causes(diagnosis)).not.toContain("Azure Pipelines");
  });

  it("AADSTS900144 without the parameter's name", () => {
    const diagnosis = diagnose({
      aadsts: [900144],
      errorDescription: "AADSTS900144: The request body is incomplete.",
    });
    expect(diagnosis.summary).toBe("The token request lacked a required parameter.");
  });

  it("any other code with the credential list: names the nearest credential", () => {
    const diagnosis = diagnose({
      aadsts: [53003],
      assertion: githubToken(),
      federatedCredentials: [
        {
          name: "dev",
          issuer: GITHUB,
          subject: "repo:contoso/app:ref:refs/heads/dev",
          audiences: ["api://AzureADTokenExchange"],
        },
      ],
    });
    expect(diagnosis.likelyCauses[0]).toMatch(/^The nearest credential, "dev", expects subject/);
  });

  it("notes a token that expires at the very second of the mismatch as expired", () => {
    const diagnosis = diagnose({ aadsts: [700213], assertion: githubToken({ exp: SECONDS }) });
    expect(causes(diagnosis)).toContain("The token had also expired (at 2025-03-01T12:00:00.000Z, 0 s ago)");
  });
});

describe("the assertion never appears in a diagnosis (cases)", () => {
  it("not even untrimmed, or its signature quoted alone", () => {
    const untrimmed = diagnose({
      aadsts: [50027],
      assertion: "opaque-token-value-0123456789\n",
      errorDescription: "AADSTS50027: Invalid token 'opaque-token-value-0123456789'.",
    });
    expect(JSON.stringify(untrimmed)).not.toContain("opaque-token-value-0123456789");
    const signature = diagnose({
      aadsts: [50027],
      assertion: "opaque.token.signature-part-0123456789",
      errorDescription: "AADSTS50027: Invalid signature 'signature-part-0123456789'.",
    });
    expect(JSON.stringify(signature)).not.toContain("signature-part-0123456789");
  });

  it("an assertion too short to be a secret redacts nothing else", () => {
    const diagnosis = diagnoseEntraError({
      ...base,
      aadsts: [50027],
      errorDescription: "",
      assertion: "a.b.c",
    });
    expect(diagnosis.summary).toBe("Entra could not read the client assertion as a valid JWT.");
    expect(JSON.stringify(diagnosis)).not.toContain("[REDACTED]");
  });
});

describe("formatDiagnosis", () => {
  it("renders summary, details, causes, numbered fix steps, the credential and the commands", () => {
    const text = formatDiagnosis({
      summary: "Something failed.",
      details: ["Detail one."],
      likelyCauses: ["Cause one.", "Cause two."],
      fix: ["Step one.", "Step two."],
      suggestedCredential: { name: "n-1", issuer: "https://i", subject: "s", audiences: ["a"] },
      commands: ["az do-it"],
    });
    expect(text).toBe(
      [
        "Something failed.",
        "  Detail one.",
        "",
        "Likely causes:",
        "  - Cause one.",
        "  - Cause two.",
        "",
        "Fix:",
        "  1. Step one.",
        "  2. Step two.",
        "",
        "Federated identity credential to create:",
        "  {",
        '    "name": "n-1",',
        '    "issuer": "https://i",',
        '    "subject": "s",',
        '    "audiences": [',
        '      "a"',
        "    ]",
        "  }",
        "",
        "Commands:",
        "  az do-it",
      ].join("\n"),
    );
  });

  it("leaves out empty sections", () => {
    expect(formatDiagnosis({ summary: "Only this.", details: [], likelyCauses: [], fix: [] })).toBe(
      "Only this.",
    );
  });
});

describe("the assertion never appears in a diagnosis (property)", () => {
  const codes = [
    70021, 700211, 700212, 700213, 7002137, 7002138, 700024, 70025, 700016, 50027, 700027, 90061, 900612,
    70052, 700223, 700238, 900144, 53003,
  ];
  const claimValue = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.webUrl());
  const payload = fc.record(
    {
      iss: claimValue,
      sub: claimValue,
      aud: fc.oneof(claimValue, fc.array(claimValue, { minLength: 1, maxLength: 3 })),
      exp: fc.integer({ min: 0, max: 4_000_000_000 }),
      iat: fc.integer({ min: 0, max: 4_000_000_000 }),
      nbf: fc.integer({ min: 0, max: 4_000_000_000 }),
      extra: fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 })),
    },
    { requiredKeys: [] },
  );
  const header = fc.record({
    alg: fc.constantFrom("RS256", "ES256", "HS256", "none"),
    kid: fc.string({ maxLength: 20 }),
  });

  it("holds for random JWT-like assertions, codes and descriptions that even quote the assertion", () => {
    fc.assert(
      fc.property(
        payload,
        header,
        fc.constantFrom(...codes),
        fc.boolean(),
        fc.option(
          fc.array(
            fc.record({
              name: fc.string(),
              issuer: claimValue,
              subject: claimValue,
              audiences: fc.array(claimValue, { maxLength: 2 }),
            }),
            { maxLength: 3 },
          ),
        ),
        (claims, jwtHeader, code, quoteAssertion, federatedCredentials) => {
          const assertion = unsignedJwt(claims, jwtHeader);
          const [, payloadPart, signature] = assertion.split(".");
          const diagnosis = diagnoseEntraError({
            ...base,
            aadsts: [code],
            assertion,
            errorDescription: `AADSTS${code}: No matching federated identity record found for presented assertion. Assertion Subject: '${quoteAssertion ? assertion : "x"}'. client_assertion=${quoteAssertion ? assertion : "none"}`,
            ...(federatedCredentials ? { federatedCredentials } : {}),
          });
          for (const text of [formatDiagnosis(diagnosis), JSON.stringify(diagnosis)]) {
            expect(text).not.toContain(assertion);
            expect(text).not.toContain(signature);
            if ((payloadPart?.length ?? 0) >= 16) expect(text).not.toContain(payloadPart);
          }
        },
      ),
      { numRuns: propertyRuns(300) },
    );
  });

  it("holds for assertions that are not JWTs at all", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9._~+/=-]{16,200}$/),
        fc.constantFrom(...codes),
        (assertion, code) => {
          const diagnosis = diagnoseEntraError({
            ...base,
            aadsts: [code],
            assertion,
            errorDescription: `AADSTS${code}: something about ${assertion}.`,
          });
          expect(formatDiagnosis(diagnosis)).not.toContain(assertion);
          expect(JSON.stringify(diagnosis)).not.toContain(assertion);
        },
      ),
      { numRuns: propertyRuns(300) },
    );
  });
});
