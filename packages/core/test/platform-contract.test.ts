import { unsignedJwt } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { diagnoseEntraError } from "../src/diagnosis/diagnose-entra-error";
import type { Diagnosis } from "../src/diagnosis/diagnosis";
import { federatedCredentialFromClaims } from "../src/fic/federated-credential-from-claims";
import { matchFederatedCredential } from "../src/fic/match-federated-credential";
import { validateFederatedIdentityCredential } from "../src/fic/validation/validate-federated-identity-credential";
import {
  environmentSignal,
  type SignalledPlatform,
  signalledPlatformLabel,
} from "../src/platform/environment-signal";
import { issuerPlatform } from "../src/platform/issuer-platform";
import { PLATFORMS } from "../src/platform/platforms";
import { EXCHANGE, NOW, PLATFORM_CASES, type PlatformCases } from "./platform-cases/index";

/**
 * The contract of core's platform table, asked of every entry with its own data
 * (`platform-cases/<platform>.ts`): recognition, the credential written from a token, the
 * validator's and the matcher's advice, the diagnosis, and the environment signal.
 */
const ENTRIES = PLATFORMS.map((platform) => ({ platform, cases: PLATFORM_CASES[platform.id] }));

/** Entra's refusal `aadsts` of a platform's sample token (with `claims` over the sample's), diagnosed. */
function diagnoseSample(
  cases: PlatformCases,
  aadsts: number,
  claims: Readonly<Record<string, unknown>> = {},
  alg = "RS256",
): Diagnosis {
  const { issuer, subject, audience = EXCHANGE } = cases.sample;
  return diagnoseEntraError({
    errorDescription: "",
    tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
    clientId: "af3110ba-0ba9-4412-b1a0-59f50b7e9273",
    authorityHost: "https://login.microsoftonline.com",
    audience,
    now: NOW,
    aadsts: [aadsts],
    assertion: unsignedJwt(
      { iss: issuer, sub: subject, aud: audience, exp: NOW / 1000 + 200, ...claims },
      { alg, typ: "JWT", kid: "k1" },
    ),
  });
}

it("every entry of the platform table has its cases, and every case an entry", () => {
  expect(Object.keys(PLATFORM_CASES).sort()).toEqual(PLATFORMS.map((platform) => platform.id).sort());
});

it("an issuer that is not a URL, without a subject, is no platform's", () => {
  expect(issuerPlatform("not a url")).toBeUndefined();
});

describe.each(ENTRIES.map((entry) => [entry.platform.id, entry] as const))(
  "the %s platform entry",
  (id, { platform, cases }) => {
    const { issuer, subject } = cases.sample;
    const audience = cases.sample.audience ?? EXCHANGE;

    it.each(cases.recognised)("%s (%s) is %s", (tokenIssuer, tokenSubject, expected) => {
      expect(issuerPlatform(tokenIssuer, tokenSubject)).toBe(expected);
    });

    it("recognises its sample token", () => {
      expect(issuerPlatform(issuer, subject)).toBe(id);
    });

    it("writes a valid credential from a token, described by its label and named by its rule", () => {
      const fic = federatedCredentialFromClaims({ iss: issuer, sub: subject, aud: audience });
      expect(fic).toMatchObject({ issuer, subject, audiences: [audience] });
      expect(fic.description).toBe(`${platform.label}: ${subject}`);
      expect(validateFederatedIdentityCredential(fic).valid).toBe(true);
      if (cases.credentialName) {
        const named = federatedCredentialFromClaims({
          iss: issuer,
          sub: cases.credentialName.subject ?? subject,
          aud: audience,
        });
        expect(named.name).toBe(cases.credentialName.name);
      }
    });

    it("the validator has nothing to say about the subjects its tokens carry", () => {
      for (const clean of cases.cleanSubjects ?? [subject]) {
        const result = validateFederatedIdentityCredential({
          name: "app",
          issuer,
          subject: clean,
          audiences: [audience],
        });
        expect(result.errors, clean).toEqual([]);
        expect(result.warnings, clean).toEqual([]);
      }
    });

    it.each(platform.issuersWithoutTrailingSlash ?? [])(
      "the validator flags %s with a trailing slash",
      (exact) => {
        const result = validateFederatedIdentityCredential({
          name: "app",
          issuer: `${exact}/`,
          subject,
          audiences: [audience],
        });
        expect([...result.errors, ...result.warnings].map((problem) => problem.field)).toContain("issuer");
      },
    );

    it.runIf(platform.flexible === undefined)(
      "the validator refuses a flexible credential for its issuer",
      () => {
        const result = validateFederatedIdentityCredential({
          name: "app",
          issuer,
          claimsMatchingExpression: {
            value: `claims['sub'] matches '${subject.slice(0, 20)}*'`,
            languageVersion: 1,
          },
          audiences: [audience],
        });
        expect(result.valid).toBe(false);
      },
    );

    it.runIf(platform.tokenAudience !== undefined)(
      "the validator recommends the audience the platform's tokens carry",
      () => {
        const result = validateFederatedIdentityCredential({
          name: "app",
          issuer,
          subject,
          audiences: [EXCHANGE],
        });
        expect(result.warnings).toEqual([
          expect.objectContaining({
            rule: "recommended-audience",
            message: expect.stringContaining(`use "${audience}"`),
          }),
        ]);
      },
    );

    it.each(cases.subjectWarnings?.cases ?? [])("the validator warns on the subject %s", (warned, words) => {
      const result = validateFederatedIdentityCredential({
        name: "app",
        issuer,
        subject: warned,
        audiences: [audience],
      });
      expect(result.errors).toEqual([]);
      expect(result.warnings).toEqual([
        expect.objectContaining({
          field: "subject",
          rule: cases.subjectWarnings?.rule,
          message: expect.stringContaining(words),
        }),
      ]);
    });

    it.each(cases.subjectHints ?? [])(
      "the matcher explains a token %s against a credential %s",
      (presented, expected, hint) => {
        const credential = { name: "app", issuer, subject: expected, audiences: [audience] };
        const result = matchFederatedCredential({ iss: issuer, sub: presented, aud: audience }, [credential]);
        expect(result.matched).toBeUndefined();
        if (result.matched) return;
        expect(result.differences).toEqual([
          expect.objectContaining({ field: "subject", hint: expect.stringContaining(hint) }),
        ]);
      },
    );

    it.each(cases.diagnoses ?? [])("the diagnosis of AADSTS$aadsts says $causes", (diagnosed) => {
      const diagnosis = diagnoseSample(cases, diagnosed.aadsts, diagnosed.claims, diagnosed.alg);
      expect(diagnosis.likelyCauses.join("\n")).toContain(diagnosed.causes);
      if (diagnosed.summary !== undefined) expect(diagnosis.summary).toContain(diagnosed.summary);
    });

    it.runIf(platform.signingKeyCauses !== undefined)(
      "its signing-key advice is for its own tokens: another platform's refused keys get none of it",
      () => {
        const advice = platform.signingKeyCauses ?? [];
        expect(diagnoseSample(cases, 700027).likelyCauses).toEqual(expect.arrayContaining([...advice]));
        for (const other of ENTRIES.filter((entry) => entry.platform.id !== id)) {
          const diagnosis = diagnoseSample(other.cases, 700027);
          for (const cause of advice) {
            expect(diagnosis.likelyCauses.join("\n"), other.platform.id).not.toContain(cause);
          }
        }
      },
    );

    it.runIf(platform.environmentSignal !== undefined)(
      "its environment signal and label are the ones environmentSignal() and signalledPlatformLabel() give, absent in an empty environment",
      () => {
        const signal = environmentSignal(id as SignalledPlatform);
        expect(signal).toBe(platform.environmentSignal);
        expect(signalledPlatformLabel(id as SignalledPlatform)).toBe(platform.label);
        expect(signal.find({})).toBeUndefined();
        expect(signal.absent.length).toBeGreaterThan(0);
      },
    );
  },
);
