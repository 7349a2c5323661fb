import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../src/errors/invalid-input-error";
import {
  FIC_NAME_MAX_LENGTH,
  FIC_NAME_MIN_LENGTH,
  FIC_NAME_PATTERN,
  httpsIssuerProblem,
} from "../src/fic/entra-fic-limits";
import { requireHttpsIssuer } from "../src/fic/subject-part";

describe("Entra's FIC limits", () => {
  it("the name pattern agrees with the length limits and the first-character rule", () => {
    expect(FIC_NAME_PATTERN.test("a".repeat(FIC_NAME_MIN_LENGTH))).toBe(true);
    expect(FIC_NAME_PATTERN.test("a".repeat(FIC_NAME_MIN_LENGTH - 1))).toBe(false);
    expect(FIC_NAME_PATTERN.test("a".repeat(FIC_NAME_MAX_LENGTH))).toBe(true);
    expect(FIC_NAME_PATTERN.test("a".repeat(FIC_NAME_MAX_LENGTH + 1))).toBe(false);
    expect(FIC_NAME_PATTERN.test("_ab")).toBe(false);
    expect(FIC_NAME_PATTERN.test("9a_-")).toBe(true);
  });
});

describe("httpsIssuerProblem", () => {
  it.each([
    "https://token.actions.githubusercontent.com",
    "https://gitlab.example.com/gitlab",
    "https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111/",
    "https://127.0.0.1:8443/issuer",
  ])("accepts %j", (issuer) => {
    expect(httpsIssuerProblem(issuer)).toBeUndefined();
  });

  it.each([
    ["http://token.example", /uses http;/],
    ["token.example", /not a URL/],
    ["HTTPS://token.example", /does not start with/],
    ["https:/token.example", /does not start with/],
    ["https://token.example/?a=1", /query or fragment/],
    ["https://token.example?", /query or fragment/],
    ["https://token.example#x", /query or fragment/],
    ["https://me:pw@token.example", /user name or password/],
  ])("refuses %j", (issuer, problem) => {
    expect(httpsIssuerProblem(issuer)).toMatch(problem);
  });
});

describe("requireHttpsIssuer", () => {
  it("returns a good issuer unchanged and refuses others with the platform's hint", () => {
    expect(requireHttpsIssuer("issuer", "https://accounts.google.com")).toBe("https://accounts.google.com");
    let error: unknown;
    try {
      requireHttpsIssuer("issuer", "http://x.example", { fix: "leave issuer out" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe("issuer");
    expect((error as InvalidInputError).message).toMatch(/uses http.*Fix: leave issuer out/);
  });

  it("refuses whitespace, a missing value and more than 600 characters", () => {
    expect(() => requireHttpsIssuer("issuer", " https://x.example")).toThrow(InvalidInputError);
    expect(() => requireHttpsIssuer("issuer", undefined)).toThrow(InvalidInputError);
    expect(() => requireHttpsIssuer("issuer", `https://x.example/${"a".repeat(600)}`)).toThrow(/600/);
  });
});
