import { unsignedJwt } from "@azfed/testing";
import { describe, expect, it } from "vitest";
import { type EntraCloud, entraIssuer, entraIssuerCloud, KNOWN_CLOUDS } from "../src/clouds";
import { diagnoseEntraError } from "../src/diagnosis/diagnose-entra-error";

const TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const CLOUDS = Object.keys(KNOWN_CLOUDS) as EntraCloud["name"][];

describe("Entra's issuer per cloud (clouds.ts owns it)", () => {
  it.each([
    ["public", `https://login.microsoftonline.com/${TENANT_ID}/v2.0`],
    ["usgov", `https://login.microsoftonline.us/${TENANT_ID}/v2.0`],
    ["china", `https://login.partner.microsoftonline.cn/${TENANT_ID}/v2.0`],
  ] as const)("entraIssuer(%s) is %s", (cloud, issuer) => {
    expect(entraIssuer(cloud, TENANT_ID)).toBe(issuer);
  });

  it.each(CLOUDS)(
    "the issuer Entra writes in the %s cloud is recognised as that cloud's Entra issuer",
    (cloud) => {
      expect(entraIssuerCloud(entraIssuer(cloud, TENANT_ID))?.name).toBe(cloud);
    },
  );

  it("does not take an external issuer for Entra's", () => {
    expect(entraIssuerCloud("https://token.actions.githubusercontent.com")).toBeUndefined();
    expect(
      entraIssuerCloud(`https://login.microsoftonline.com.evil.example/${TENANT_ID}/v2.0`),
    ).toBeUndefined();
  });
});

describe("the diagnosis asks clouds.ts whether an issuer is Entra's", () => {
  // Before: the diagnosis had its own pattern (login.microsoftonline.com|us, login.chinacloudapi.cn),
  // which missed China's real issuer host, login.partner.microsoftonline.cn, the one the managed
  // identity issuer writes; a China Azure Pipelines token lost the multi-tenant cause.
  it.each(CLOUDS)("AADSTS70052 with the %s cloud's Entra issuer names the Azure Pipelines cause", (cloud) => {
    const diagnosis = diagnoseEntraError({
      aadsts: [70052],
      errorDescription: "",
      tenantId: TENANT_ID,
      clientId: "af3110ba-0ba9-4412-b1a0-59f50b7e9273",
      authorityHost: KNOWN_CLOUDS[cloud].authorityHost,
      audience: "api://AzureADTokenExchange",
      assertion: unsignedJwt({
        iss: entraIssuer(cloud, TENANT_ID),
        sub: "/eid1/c/pub/t/v4j5cvGGr0GRqy180BHbRw/a/rISbSSETf0KqFyZ8ppdXmA/sc/org/conn",
        aud: "api://AzureADTokenExchange",
      }),
    });
    expect(diagnosis.likelyCauses.join("\n")).toContain("Azure Pipelines with the Entra issuer");
  });
});
