import { unsignedJwt } from "@azfed/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diagnoseEntraError } from "../src/diagnosis/diagnose-entra-error";
import { formatDiagnosis } from "../src/diagnosis/diagnosis";
import { base, diagnose } from "./diagnosis-cases";
import { propertyRuns } from "./property-runs";

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
