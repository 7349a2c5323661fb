import type { AssertionClaims } from "@azfed/core";
import { describe, expect, it } from "vitest";
import { claimsObject, claimsReport } from "../src/doctor/claims-report";

// `azfed doctor`'s claim rows and its `--json` claims object, on their own and word for word
// (`AZFED_MUTATION_PACKAGE=cli pnpm mutation` scores claims-report.ts with these tests first).

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
const base = { iss: "https://issuer.test", sub: "subject", aud: "api://AzureADTokenExchange" };
const claims = (extra: Record<string, unknown>) => ({ ...base, ...extra }) as unknown as AssertionClaims;

describe("claimsReport", () => {
  it("lists iss, sub, aud, exp, then the platform's own claims in its order, and nothing else", () => {
    const rows = claimsReport(
      claims({ exp: NOW / 1000 + 300, ref: "refs/heads/main", repository: "contoso/app", actor: "jane" }),
      "github-actions",
      NOW,
    );
    expect(rows).toEqual([
      ["iss", "https://issuer.test"],
      ["sub", "subject"],
      ["aud", "api://AzureADTokenExchange"],
      ["exp", "2026-12-07T12:05:00.000Z (in 5 minutes)"],
      ["repository", "contoso/app"],
      ["ref", "refs/heads/main"],
    ]);
  });

  it("joins several audiences, leaves out an exp that is not a number, and shows nbf only while in the future", () => {
    expect(claimsReport(claims({ aud: ["a", "b"], exp: "soon" }), "gitlab", NOW)).toEqual([
      ["iss", "https://issuer.test"],
      ["sub", "subject"],
      ["aud", "a, b"],
    ]);
    const nbf = (at: number) =>
      claimsReport(claims({ nbf: at }), "gitlab", NOW).find(([name]) => name === "nbf");
    expect(nbf(NOW / 1000 + 120)).toEqual(["nbf", "2026-12-07T12:02:00.000Z (in 2 minutes) (not valid yet)"]);
    expect(nbf(NOW / 1000)).toBeUndefined();
    expect(nbf(NOW / 1000 - 60)).toBeUndefined();
    expect(nbf("later" as unknown as number)).toBeUndefined();
    expect(nbf(String(NOW / 1000 + 120) as unknown as number)).toBeUndefined();
  });

  it("shows every value with its control characters escaped", () => {
    const rows = claimsReport(claims({ sub: "a\u001b[2K\nb", project_path: "p\rq" }), "gitlab", NOW);
    expect(rows).toContainEqual(["sub", "a\\x1b[2K\\nb"]);
    expect(rows).toContainEqual(["project_path", "p\\rq"]);
  });

  it("reads dotted paths through nested claims, Kubernetes' dotted claim name, and a flat claim named with dots", () => {
    const nested = claims({
      "kubernetes.io": { namespace: "ns", serviceaccount: { name: "sa" }, pod: null },
    });
    expect(claimsReport(nested, "kubernetes", NOW).slice(3)).toEqual([
      ["kubernetes.io.namespace", "ns"],
      ["kubernetes.io.serviceaccount.name", "sa"],
    ]);
    expect(claimsReport(claims({ "kubernetes.io.namespace": "flat" }), "kubernetes", NOW).slice(3)).toEqual([
      ["kubernetes.io.namespace", "flat"],
    ]);
    const google = claims({ email: "x@y.test", google: { compute_engine: { project_id: "p", zone: 7 } } });
    expect(claimsReport(google, "gcp", NOW).slice(3)).toEqual([
      ["email", "x@y.test"],
      ["google.compute_engine.project_id", "p"],
      ["google.compute_engine.zone", "7"],
    ]);
    expect(claimsReport(claims({ google: "flat" }), "gcp", NOW).slice(3)).toEqual([]);
    expect(claimsReport(claims({ ref_protected: true, project_id: 42 }), "gitlab", NOW).slice(3)).toEqual([
      ["project_id", "42"],
      ["ref_protected", "true"],
    ]);
  });

  it("for a platform without a list: every claim but the standard ones, nested objects as dotted paths", () => {
    const other = claims({
      iat: 1,
      jti: "id",
      exp: NOW / 1000 - 7200,
      a: "1",
      n: { b: 2, c: { d: "x" } },
      list: [1, "two"],
      gone: null,
    });
    expect(claimsReport(other, "spiffe", NOW)).toEqual([
      ["iss", "https://issuer.test"],
      ["sub", "subject"],
      ["aud", "api://AzureADTokenExchange"],
      ["exp", "2026-12-07T10:00:00.000Z (2 hours ago)"],
      ["a", "1"],
      ["n.b", "2"],
      ["n.c.d", "x"],
      ["list", '[1,"two"]'],
    ]);
  });
});

describe("claimsObject", () => {
  it("keeps exp a number and adds expiresAt and expiresInSeconds (rounded), iat, nbf and the platform's claims", () => {
    const object = claimsObject(
      claims({
        exp: NOW / 1000 + 300,
        iat: NOW / 1000 - 60,
        nbf: NOW / 1000 - 60,
        project_path: "g/p",
        actor: "x",
      }),
      "gitlab",
      NOW + 600,
    );
    expect(object).toStrictEqual({
      ...base,
      exp: NOW / 1000 + 300,
      expiresAt: "2026-12-07T12:05:00.000Z",
      expiresInSeconds: 299,
      iat: NOW / 1000 - 60,
      nbf: NOW / 1000 - 60,
      project_path: "g/p",
    });
  });

  it("leaves out times that are not numbers, and lists every other claim for a platform without a list", () => {
    expect(
      claimsObject(claims({ exp: "x", iat: "y", nbf: "z", team: { name: "blue" } }), "spiffe", NOW),
    ).toStrictEqual({ ...base, "team.name": "blue" });
  });
});
