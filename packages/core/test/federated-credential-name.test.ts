import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  deriveFederatedCredentialName,
  requireFederatedCredentialName,
} from "../src/fic/federated-credential-name";
import { validateFederatedIdentityCredential } from "../src/fic/validation/validate-federated-identity-credential";
import { thrown } from "./thrown-invalid-input";

/** Entra's rule, written out independently of the code under test. */
const ENTRA_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/;

function nameErrors(name: string) {
  return validateFederatedIdentityCredential({
    name,
    issuer: "https://issuer.example",
    subject: "s",
    audiences: ["api://AzureADTokenExchange"],
  }).errors;
}

describe("deriveFederatedCredentialName", () => {
  it.each([
    [["gitlab", "contoso/web", "branch", "main"], "gitlab-contoso-web-branch-main"],
    [["azure-pipelines", "contoso", "Web Platform", "prod"], "azure-pipelines-contoso-Web-Platform-prod"],
    [["kubernetes", "payments", "api"], "kubernetes-payments-api"],
    [["gcp", "113562183298765432101"], "gcp-113562183298765432101"],
    [["github", "feature/ünïcode", "v1.2.0"], "github-feature-n-code-v1-2-0"],
    [["--__x", "y::z--"], "x-y-z"],
    [["keep_under", "scores_"], "keep_under-scores_"],
  ])("makes %j readable and valid: %s", (parts, name) => {
    expect(deriveFederatedCredentialName(parts)).toBe(name);
  });

  it.each([
    [[], "fic"],
    [["!!!"], "fic"],
    [["a"], "fic-a"],
    [["a", "b"], "a-b"],
    [["é", "b"], "fic-b"],
  ])("pads a name that would be too short: %j gives %s", (parts, name) => {
    expect(deriveFederatedCredentialName(parts)).toBe(name);
  });

  it("shortens a long name to 120 characters ending in a hash, keeping distinct inputs apart", () => {
    const a = deriveFederatedCredentialName(["gitlab", `group/${"p".repeat(200)}`, "branch", "a"]);
    const b = deriveFederatedCredentialName(["gitlab", `group/${"p".repeat(200)}`, "branch", "b"]);
    expect(a).toHaveLength(120);
    expect(a).toMatch(/^gitlab-group-p+-[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
    expect(deriveFederatedCredentialName(["gitlab", `group/${"p".repeat(200)}`, "branch", "a"])).toBe(a);
  });

  it("keeps a name of exactly 120 characters whole", () => {
    const name = `n${"x".repeat(119)}`;
    expect(deriveFederatedCredentialName([name])).toBe(name);
  });

  it("always gives a name Entra accepts (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary", maxLength: 300 }), { maxLength: 6 }), (parts) => {
        const name = deriveFederatedCredentialName(parts);
        expect(name).toMatch(ENTRA_NAME);
        expect(nameErrors(name)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it("is deterministic (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 200 }), { maxLength: 5 }), (parts) => {
        expect(deriveFederatedCredentialName([...parts])).toBe(deriveFederatedCredentialName(parts));
      }),
    );
  });

  it("gives distinct long inputs distinct names (property)", () => {
    // Long once made readable: letters and digits survive as they are.
    const longPart = fc.stringMatching(/^[A-Za-z0-9]{130,300}$/);
    fc.assert(
      fc.property(longPart, fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (common, x, y) => {
        fc.pre(x !== y);
        const first = deriveFederatedCredentialName(["p", common, x]);
        const second = deriveFederatedCredentialName(["p", common, y]);
        expect(first).not.toBe(second);
      }),
      { numRuns: 300 },
    );
  });
});

describe("requireFederatedCredentialName", () => {
  it.each(["abc", "deploy-main", "payments_api-prod", "9x_", `a${"b".repeat(119)}`])(
    "returns the valid name %s unchanged",
    (name) => {
      expect(requireFederatedCredentialName(name)).toBe(name);
    },
  );

  it.each([
    ["too short", "ab"],
    ["too long", `a${"b".repeat(120)}`],
    ["a leading -", "-abc"],
    ["a leading _", "_abc"],
    ["a space", "my fic"],
    ["a dot", "a.b.c"],
    ["a non-ASCII letter", "café"],
    ["not a string", 42],
    ["missing", undefined],
  ])("refuses a name that is %s, saying the rule and the fix", (_case, value) => {
    const error = thrown(() => requireFederatedCredentialName(value));
    expect(error.field).toBe("name");
    expect(error.message).toMatch(/^Invalid name: got /);
    expect(error.message).toContain("3 to 120 characters");
    expect(error.message).toContain("starting with a letter or digit");
    expect(error.message).toContain("Fix: leave name out to have one derived");
  });

  it("accepts exactly what Entra's rule accepts (property)", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 130 }), fc.stringMatching(/^[A-Za-z0-9_-]{0,125}$/)),
        (value) => {
          let accepted: boolean;
          try {
            requireFederatedCredentialName(value);
            accepted = true;
          } catch {
            accepted = false;
          }
          expect(accepted).toBe(ENTRA_NAME.test(value));
        },
      ),
    );
  });
});
