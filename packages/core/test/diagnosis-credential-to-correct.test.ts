import { unsignedJwt } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import type { Diagnosis } from "../src/diagnosis/diagnosis";
import { AKS, causes, diagnose, GITHUB, githubToken, SECONDS } from "./diagnosis-cases";

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
