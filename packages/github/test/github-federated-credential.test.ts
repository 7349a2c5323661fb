import { validateFederatedIdentityCredential, validateFederatedIdentityCredentials } from "@azfed/core";
import { describe, expect, it } from "vitest";
import { githubFederatedCredential } from "../src/index";
import { invalidInput } from "./helpers";

describe("githubFederatedCredential", () => {
  it("builds a complete credential for GitHub.com that passes core's validator", () => {
    const fic = githubFederatedCredential({ repository: "contoso/webapp", environment: "production" });
    expect(fic).toEqual({
      name: "github-contoso-webapp-environment-production",
      issuer: "https://token.actions.githubusercontent.com",
      subject: "repo:contoso/webapp:environment:production",
      audiences: ["api://AzureADTokenExchange"],
      description: "GitHub Actions: contoso/webapp, environment production",
    });
    const result = validateFederatedIdentityCredential(fic);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it("takes the issuer from where the workflows run", () => {
    expect(
      githubFederatedCredential({ repository: "c/a", branch: "main", ghesHost: "github.contoso.com" }).issuer,
    ).toBe("https://github.contoso.com/_services/token");
    expect(
      githubFederatedCredential({ repository: "c/a", branch: "main", enterpriseSlug: "contoso" }).issuer,
    ).toBe("https://token.actions.githubusercontent.com/contoso");
    expect(
      githubFederatedCredential({ repository: "c/a", branch: "main", gheDataResidencySubdomain: "contoso" })
        .issuer,
    ).toBe("https://token.actions.contoso.ghe.com");
    expect(
      githubFederatedCredential({
        repository: "c/a",
        branch: "main",
        issuer: "https://127.0.0.1:8443/_services/token",
      }).issuer,
    ).toBe("https://127.0.0.1:8443/_services/token");
  });

  it("gives valid, distinct names to every form of subject", () => {
    const fics = [
      githubFederatedCredential({ repository: "contoso/web.app", branch: "main" }),
      githubFederatedCredential({
        repository: "contoso/web.app",
        branch: "main",
        ownerId: 11,
        repositoryId: 22,
      }),
      githubFederatedCredential({ repository: "contoso/web.app", tag: "v1.2.0" }),
      githubFederatedCredential({ repository: "contoso/web.app", pullRequest: true }),
      githubFederatedCredential({ repository: "contoso/web.app", environment: "Prod:EU ☁" }),
      githubFederatedCredential({
        repository: "contoso/web.app",
        environment: "prod",
        claimKeys: ["repo", "context", "job_workflow_ref"],
        claims: { job_workflow_ref: "contoso/ci/.github/workflows/deploy.yml@refs/heads/main" },
      }),
      githubFederatedCredential({ repository: "contoso/web.app", environment: "x".repeat(255) }),
    ];
    const listed = validateFederatedIdentityCredentials(fics);
    expect(listed.errors).toEqual([]);
    expect(new Set(fics.map((fic) => fic.name)).size).toBe(fics.length);
    for (const fic of fics) expect(fic.name).toMatch(/^github-[A-Za-z0-9][A-Za-z0-9_-]{2,112}/);
    expect(fics[6]?.name.length).toBeLessThanOrEqual(120);
    expect(fics[1]?.description).toContain("immutable subject");
    expect(fics[5]?.description).toContain("custom subject template (repo, context, job_workflow_ref)");
  });

  it("keeps a given name, audience and description", () => {
    const fic = githubFederatedCredential({
      repository: "contoso/webapp",
      branch: "main",
      name: "deploy-main",
      audience: "api://AzureADTokenExchangeUSGov",
      description: "Deploys main",
    });
    expect(fic).toMatchObject({
      name: "deploy-main",
      audiences: ["api://AzureADTokenExchangeUSGov"],
      description: "Deploys main",
    });
    expect(validateFederatedIdentityCredential(fic, { cloud: "usgov" }).valid).toBe(true);
  });

  it("names the field of bad input", () => {
    expect(invalidInput(() => githubFederatedCredential({ repository: "contoso", branch: "m" })).field).toBe(
      "repository",
    );
    expect(
      invalidInput(() => githubFederatedCredential({ repository: "c/a", branch: "m", name: "-bad" })).field,
    ).toBe("name");
    expect(
      invalidInput(() => githubFederatedCredential({ repository: "c/a", branch: "m", name: "a b c" })).field,
    ).toBe("name");
    expect(
      invalidInput(() => githubFederatedCredential({ repository: "c/a", branch: "m", audience: " aud" }))
        .field,
    ).toBe("audience");
    expect(
      invalidInput(() =>
        githubFederatedCredential({ repository: "c/a", branch: "m", issuer: "http://insecure.example" }),
      ).field,
    ).toBe("issuer");
    const both = invalidInput(() =>
      githubFederatedCredential({
        repository: "c/a",
        branch: "m",
        issuer: "https://x.example",
        ghesHost: "g.example",
      }),
    );
    expect(both.field).toBe("issuer");
    expect(both.message).toMatch(/ghesHost/);
    expect(
      invalidInput(() => githubFederatedCredential({ repository: "c/a", branch: "m", description: "" }))
        .field,
    ).toBe("description");
    const ghesImmutable = invalidInput(() =>
      githubFederatedCredential({
        repository: "c/a",
        branch: "m",
        ownerId: 1,
        repositoryId: 2,
        ghesHost: "g.example",
      }),
    );
    expect(ghesImmutable.field).toBe("ownerId");
    expect(ghesImmutable.message).toMatch(/GitHub Enterprise Server has no immutable subject form/);
  });
});
