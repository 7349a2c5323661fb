// Property-based fuzzing of every parser of outside input in core (issue 12): whatever the input,
// only azfed's typed errors are thrown, the work and the output are bounded, and no secret given to
// the code appears in its output.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { shorten } from "../src/bounded-text";
import { parseEntraErrorBody } from "../src/credential/entra-error-body";
import { readTokenReply } from "../src/credential/token-reply";
import { AuthenticationError } from "../src/diagnosis/authentication-error";
import { parseEntraErrorDescription } from "../src/diagnosis/entra-error-description";
import {
  ClaimsMatchingExpressionSyntaxError,
  parseClaimsMatchingExpression,
} from "../src/fic/claims-matching-expression";
import { decodeAssertion, InvalidAssertionError } from "../src/fic/decode-assertion";
import { matchFederatedCredential } from "../src/fic/match-federated-credential";
import { validateFederatedIdentityCredentials } from "../src/fic/validation/validate-federated-identity-credential";
import { retryDelayMs } from "../src/http/retry";
import { redact } from "../src/redact";
import { scrubSecrets } from "../src/scrub-secrets";
import { propertyRuns } from "./property-runs";

const RUNS = { numRuns: propertyRuns(300) };
const base64url = fc.stringMatching(/^[A-Za-z0-9_-]{8,120}$/);
/** A JWT-shaped secret: three base64url segments. */
const jwt = fc.tuple(base64url, base64url, base64url).map(([h, p, s]) => `eyJ${h}.eyJ${p}.${s}`);
/** Text an attacker controls: ordinary, unicode, and pieces that make patterns work hard. */
const hostileText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: "grapheme", maxLength: 100 }),
  fc
    .array(
      fc.constantFrom(
        "eyJ",
        "-",
        ".",
        "_",
        "Bearer ",
        "access_token=",
        "'",
        '"',
        ":",
        " ",
        "\\u0065",
        "AADSTS7",
        "/",
      ),
      {
        maxLength: 400,
      },
    )
    .map((parts) => parts.join("")),
);

/**
 * Runs `work` and checks it took less than `ms`. The bounds are loose (instrumented code under mutation
 * testing runs several times slower); a quadratic path on the 200 KB inputs takes far longer.
 */
function bounded<T>(ms: number, work: () => T): T {
  const started = performance.now();
  const result = work();
  expect(performance.now() - started).toBeLessThan(ms);
  return result;
}

function secretParts(secret: string): string[] {
  return [secret, ...secret.split(".").filter((part) => part.length >= 8)];
}

describe("redact and scrubSecrets", () => {
  it("remove every given secret and its segments, wherever it stands, in linear time", () => {
    fc.assert(
      fc.property(
        hostileText,
        jwt,
        hostileText,
        fc.integer({ min: 0, max: 3 }),
        (before, secret, after, part) => {
          const shown = part === 0 ? secret : (secretParts(secret)[part] ?? secret);
          const text = `${before}${shown}${after}`;
          const output = bounded(2_000, () => redact(scrubSecrets(text, [secret])));
          for (const piece of secretParts(secret)) expect(output).not.toContain(piece);
        },
      ),
      RUNS,
    );
  });

  it("redact never grows text by more than its markers, on 200 KB of hostile text", () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const big = text.repeat(Math.ceil(200_000 / Math.max(1, text.length))).slice(0, 200_000);
        const output = bounded(3_000, () => redact(big));
        expect(output.length).toBeLessThanOrEqual(big.length * 10 + 10);
      }),
      { numRuns: propertyRuns(40) },
    );
  });
});

describe("shorten", () => {
  it("never returns more than the limit (or a short suffix) and keeps short text whole", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), fc.integer({ min: 30, max: 1000 }), (text, max) => {
        const output = shorten(text, max);
        expect(output.length).toBeLessThanOrEqual(Math.max(max, 30));
        if (text.length <= max) expect(output).toBe(text);
      }),
      RUNS,
    );
  });
});

describe("decodeAssertion", () => {
  it("throws only InvalidAssertionError, quickly, whatever the token", () => {
    const tokenLike = fc.oneof(
      hostileText,
      fc.tuple(fc.string(), fc.string(), fc.string()).map((parts) => parts.join(".")),
      fc
        .tuple(fc.json(), fc.json(), base64url)
        .map(
          ([h, p, s]) =>
            `${Buffer.from(h).toString("base64url")}.${Buffer.from(p).toString("base64url")}.${s}`,
        ),
    );
    fc.assert(
      fc.property(tokenLike, (token) => {
        bounded(2_000, () => {
          try {
            decodeAssertion(token);
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidAssertionError);
          }
        });
      }),
      RUNS,
    );
  });
});

describe("Entra's error body", () => {
  const field = fc.oneof(hostileText, fc.json(), fc.integer(), fc.constant(null));
  it("is read without throwing, every field bounded, and no given secret in any of them", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 599 }),
        jwt,
        fc.record(
          {
            error: fc.oneof(hostileText, fc.constant("invalid_client")),
            error_description: field,
            correlation_id: field,
            trace_id: field,
            timestamp: field,
            error_codes: fc.oneof(fc.array(fc.integer()), field),
          },
          { requiredKeys: [] },
        ),
        fc.constantFrom(0, 1, 2, 3),
        fc.boolean(),
        (status, secret, fields, part, asJson) => {
          const echoed = secretParts(secret)[part] ?? secret;
          const withSecret = {
            ...fields,
            error_description: `${String(fields.error_description ?? "")} ${echoed}`,
            correlation_id: echoed,
          };
          const body = asJson ? JSON.stringify(withSecret) : `${String(fields.error)}${echoed}`;
          const refusal = bounded(2_000, () => parseEntraErrorBody(status, body, [secret]));
          const text = JSON.stringify(refusal);
          for (const piece of secretParts(secret)) expect(text).not.toContain(piece);
          expect(refusal.errorDescription.length).toBeLessThanOrEqual(4200);
          for (const id of [refusal.errorCode, refusal.correlationId, refusal.traceId, refusal.timestamp]) {
            expect((id ?? "").length).toBeLessThanOrEqual(80);
          }
        },
      ),
      RUNS,
    );
  });

  it("its description's quoted values are read without throwing", () => {
    fc.assert(
      fc.property(hostileText, (description) => {
        bounded(2_000, () => parseEntraErrorDescription(description));
      }),
      RUNS,
    );
  });
});

describe("Retry-After", () => {
  it("gives a finite wait between 0 and maxDelayMs for any header value", () => {
    const header = fc.oneof(
      hostileText,
      fc.integer().map(String),
      fc.double().map(String),
      fc.date({ noInvalidDate: true }).map((date) => date.toUTCString()),
    );
    fc.assert(
      fc.property(header, header, fc.integer({ min: 1, max: 10 }), (retryAfter, retryAfterMs, attempt) => {
        const headers = new Headers();
        try {
          headers.set("retry-after", retryAfter);
          headers.set("x-ms-retry-after-ms", retryAfterMs);
        } catch {
          return; // not a valid header value: undici would never deliver it
        }
        const delay = retryDelayMs(attempt, headers, { maxDelayMs: 30_000 });
        expect(Number.isFinite(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(30_000);
      }),
      RUNS,
    );
  });
});

describe("a token reply", () => {
  it("is either usable or refused with an AuthenticationError naming the field, never echoing the token", () => {
    const value = fc.oneof(fc.jsonValue(), fc.integer(), fc.double(), fc.string(), fc.constant(undefined));
    fc.assert(
      fc.property(jwt, value, value, fc.boolean(), (accessToken, expiresIn, refreshIn, echo) => {
        const reply = {
          access_token: accessToken,
          expires_in: echo ? accessToken : expiresIn,
          refresh_in: refreshIn,
        };
        try {
          const read = readTokenReply(reply);
          expect(read.accessToken).toBe(accessToken);
          expect(read.expiresInSeconds).toBeGreaterThanOrEqual(1);
          expect(read.expiresInSeconds).toBeLessThanOrEqual(172_800);
          if (read.refreshInSeconds !== undefined)
            expect(read.refreshInSeconds).toBeLessThan(read.expiresInSeconds);
        } catch (error) {
          expect(error).toBeInstanceOf(AuthenticationError);
          expect((error as Error).message).toContain("expires_in");
          for (const piece of secretParts(accessToken)) expect((error as Error).message).not.toContain(piece);
        }
      }),
      RUNS,
    );
  });

  it("with anything as its access_token is refused unless it is a non-empty string of visible ASCII", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), fc.constant(""), fc.string({ unit: "binary-ascii" })),
        (accessToken) => {
          // Entra's access tokens are JWTs or opaque base64url strings: printable ASCII, no spaces.
          const usable = typeof accessToken === "string" && /^[\x21-\x7e]+$/.test(accessToken);
          if (usable)
            expect(readTokenReply({ access_token: accessToken, expires_in: 3599 }).accessToken).toBe(
              accessToken,
            );
          else
            expect(() => readTokenReply({ access_token: accessToken, expires_in: 3599 })).toThrow(
              /access_token/,
            );
        },
      ),
      { numRuns: propertyRuns(100), examples: [[12345], [""], [" !"], ["eyJ0.eyJ0.sig\r\nX-Forged: 1"]] },
    );
  });
});

describe("FIC JSON and claims expressions", () => {
  it("a claims matching expression parses or throws ClaimsMatchingExpressionSyntaxError, quickly", () => {
    const expression = fc.oneof(
      hostileText,
      fc
        .array(
          fc.constantFrom(
            "claims['sub']",
            " matches ",
            " eq ",
            " and ",
            "'",
            "*",
            "?",
            "repo:",
            "(",
            ")",
            "\\",
            " ",
          ),
          { maxLength: 200 },
        )
        .map((parts) => parts.join("")),
    );
    fc.assert(
      fc.property(expression, (text) => {
        bounded(2_000, () => {
          try {
            parseClaimsMatchingExpression(text);
          } catch (error) {
            expect(error).toBeInstanceOf(ClaimsMatchingExpressionSyntaxError);
          }
        });
      }),
      RUNS,
    );
  });

  it("validation and matching never throw on any JSON, and stay bounded on 20k-character fields", () => {
    const long = fc.string({ maxLength: 50 }).map((text) => text.repeat(400).slice(0, 20_000));
    const fic = fc.oneof(
      fc.json().map((text) => JSON.parse(text) as unknown),
      fc.record({
        name: hostileText,
        issuer: fc.oneof(hostileText, long),
        subject: fc.oneof(hostileText, long),
        audiences: fc.array(hostileText, { maxLength: 3 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(fic, { maxLength: 5 }), fc.oneof(hostileText, long), (fics, sub) => {
        bounded(2_000, () => {
          validateFederatedIdentityCredentials(fics);
          const usable = fics.filter(
            (item): item is { issuer: string; subject: string; audiences: string[]; name: string } =>
              typeof item === "object" &&
              item !== null &&
              typeof (item as { issuer?: unknown }).issuer === "string",
          );
          matchFederatedCredential(
            { iss: "https://issuer.example", sub, aud: "api://AzureADTokenExchange" },
            usable,
          );
        });
      }),
      { numRuns: propertyRuns(60) },
    );
  });
});
