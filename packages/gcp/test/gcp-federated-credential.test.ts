import { InvalidInputError, validateFederatedIdentityCredential } from "@azfed/core";
import { claimsOf, type OidcIssuer, startGcpMetadataEmulator, startOidcIssuer } from "@azfed/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gcp, gcpFederatedCredential, gcpIssuer, gcpSubject } from "../src/index";

const UNIQUE_ID = "113562183298765432101";

function errorOf(action: () => unknown): InvalidInputError {
  try {
    action();
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error("expected an InvalidInputError");
}

describe("gcpSubject and gcpIssuer", () => {
  it("the subject is the numeric unique ID, and the issuer Google's", () => {
    expect(gcpSubject({ uniqueId: UNIQUE_ID })).toBe(UNIQUE_ID);
    expect(gcpIssuer()).toBe("https://accounts.google.com");
  });

  it.each([
    ["an email", "api@contoso-prod.iam.gserviceaccount.com", /not its email/],
    ["an empty string", "", /numeric unique ID/],
    ["letters", "11356218329876543210a", /digits only/],
    ["a negative number", "-113562183298765432101", /digits only/],
    ["non-ASCII digits", "١١٣٥٦٢١٨٣٢٩٨٧٦٥٤٣٢١٠١", /digits only/],
    ["surrounding whitespace", ` ${UNIQUE_ID}`, /whitespace/],
    ["a line break", `${UNIQUE_ID}\n`, /whitespace|control/],
    ["too many digits for Entra", "1".repeat(601), /at most 600/],
  ])("refuses %s as uniqueId, saying where to find the ID", (_what, uniqueId, message) => {
    const error = errorOf(() => gcpSubject({ uniqueId }));
    expect(error.field).toMatch(/uniqueId|subject/);
    expect(error.message).toMatch(message);
  });

  it("refuses a missing options object or uniqueId with an error naming the field", () => {
    expect(errorOf(() => gcpSubject({} as { uniqueId: string })).field).toBe("uniqueId");
    expect(errorOf(() => gcpSubject(undefined as unknown as { uniqueId: string })).field).toBe("uniqueId");
    expect(errorOf(() => gcpSubject({ uniqueId: "x" })).message).toContain(
      "gcloud iam service-accounts describe",
    );
  });

  it("refuses anything with a colon, slash, letter or non-ASCII character", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{0,10}$/),
        fc.constantFrom(":", "/", ".", "a", "Z", "é", "名", "😀", "٣"),
        fc.stringMatching(/^[0-9]{0,10}$/),
        (before, character, after) => {
          const error = errorOf(() => gcpSubject({ uniqueId: `${before}${character}${after}` }));
          return error.field === "uniqueId";
        },
      ),
    );
  });
});

describe("gcpFederatedCredential", () => {
  it("builds a complete credential that core's validator accepts without warnings", () => {
    const fic = gcpFederatedCredential({ uniqueId: UNIQUE_ID });
    expect(fic).toEqual({
      name: `gcp-${UNIQUE_ID}`,
      issuer: "https://accounts.google.com",
      subject: UNIQUE_ID,
      audiences: ["api://AzureADTokenExchange"],
      description: `Google Cloud service account with unique ID ${UNIQUE_ID}`,
    });
    const result = validateFederatedIdentityCredential(fic);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it("keeps a custom audience, name, description and (test) issuer", () => {
    const fic = gcpFederatedCredential({
      uniqueId: UNIQUE_ID,
      audience: "api://AzureADTokenExchangeChina",
      name: "gce-runner",
      description: "the runner VM",
      issuer: "https://127.0.0.1:8443",
    });
    expect(fic).toMatchObject({
      name: "gce-runner",
      issuer: "https://127.0.0.1:8443",
      audiences: ["api://AzureADTokenExchangeChina"],
      description: "the runner VM",
    });
  });

  it("derives a valid name even for an implausibly long ID", () => {
    const fic = gcpFederatedCredential({ uniqueId: "9".repeat(300) });
    expect(fic.name.length).toBeLessThanOrEqual(120);
    expect(validateFederatedIdentityCredential(fic).errors).toEqual([]);
  });

  it.each([
    ["name", { uniqueId: UNIQUE_ID, name: "ab" }, /3 to 120/],
    ["name", { uniqueId: UNIQUE_ID, name: "_gce" }, /starting with a letter or digit/],
    ["issuer", { uniqueId: UNIQUE_ID, issuer: "http://accounts.google.com" }, /https/],
    ["issuer", { uniqueId: UNIQUE_ID, issuer: "https://accounts.google.com " }, /whitespace/],
    ["audience", { uniqueId: UNIQUE_ID, audience: " api://AzureADTokenExchange" }, /whitespace/],
    ["uniqueId", { uniqueId: "api@contoso.iam.gserviceaccount.com" }, /not its email/],
  ])("refuses a bad %s, naming it", (field, options, message) => {
    const error = errorOf(() => gcpFederatedCredential(options));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });
});

describe("the subject equals the sub of the emulated metadata server's identity token", () => {
  let issuer: OidcIssuer;
  beforeAll(async () => {
    issuer = await startOidcIssuer();
  });
  afterAll(() => issuer.close());

  it("for generated unique IDs", async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[1-9][0-9]{20}$/), async (uniqueId) => {
        const metadata = await startGcpMetadataEmulator({
          issuer,
          serviceAccount: { email: "gen@p.iam.gserviceaccount.com", uniqueId },
        });
        try {
          const token = await gcp({ env: metadata.env(), retry: { maxRetries: 0 } }).getAssertion({
            audience: "api://AzureADTokenExchange",
          });
          expect(gcpSubject({ uniqueId })).toBe(claimsOf(token).sub);
        } finally {
          await metadata.close();
        }
      }),
      { numRuns: 20 },
    );
  });
});
